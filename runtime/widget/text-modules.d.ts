// template.html and styles.css are bundled as text (see build.mjs).
declare module "*.html" {
  const text: string;
  export default text;
}
declare module "*.css" {
  const text: string;
  export default text;
}
// The widget's jQuery (npm "jquery", the one gadget.cjs requires): element.ts hands it to the scripts it loads.
declare module "jquery" {
  const jQuery: unknown;
  export default jQuery;
}
