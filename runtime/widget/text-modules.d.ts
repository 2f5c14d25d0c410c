// template.html and styles.css are bundled as text (see build.mjs).
declare module "*.html" {
  const text: string;
  export default text;
}
declare module "*.css" {
  const text: string;
  export default text;
}
