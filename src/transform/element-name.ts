// Custom element names: lowercase, starting with a letter, containing a hyphen, not one of the names
// the HTML spec reserves, unique across the batch (https://html.spec.whatwg.org/#valid-custom-element-name).

const RESERVED = new Set([
  'annotation-xml', 'color-profile', 'font-face', 'font-face-src', 'font-face-uri', 'font-face-format', 'font-face-name', 'missing-glyph',
]);

export function isValidElementName(name: string): boolean {
  return /^[a-z][a-z0-9._-]*-[a-z0-9._-]*$/.test(name) && !RESERVED.has(name);
}

/** The element name for a gadget id (already a slug); `taken` keeps names unique in the batch. */
export function elementNameFor(id: string, taken: Set<string>): string {
  let base = id.replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'gadget';
  if (!/^[a-z]/.test(base)) base = `gadget-${base}`;
  if (!base.includes('-')) base = `${base}-widget`;
  if (RESERVED.has(base)) base = `${base}-widget`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** `wrap-up-notes` → `WrapUpNotesElement`, the class name in the emitted code. */
export function className(elementName: string): string {
  const pascal = elementName.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  return `${/^[0-9]/.test(pascal) ? 'X' : ''}${pascal}Element`;
}
