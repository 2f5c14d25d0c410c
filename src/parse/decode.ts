// Bytes to text the way a browser or Shindig would: BOM first, then a declared charset, then UTF-8,
// falling back to windows-1252 (what browsers use for "latin1") when the bytes are not valid UTF-8.

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Set when the declared charset was not honoured or the bytes did not match it. */
  note?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeAs(label: string, bytes: Uint8Array): string {
  return new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
}

/** Charset names that mean windows-1252 to a browser (WHATWG Encoding Standard). */
const LATIN1_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii']);

/**
 * Decodes a file's bytes. `declared` is the charset the file itself names (the XML prolog's
 * `encoding=`, or a script tag's `charset`), used only when there is no BOM.
 */
export function decodeBytes(bytes: Uint8Array, declared?: string): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeAs('utf-8', bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: decodeAs('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: decodeAs('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  }
  // UTF-16 without a BOM (XML 1.0 appendix F): ASCII text such as `<?xml` or `<Module` has every
  // other byte zero, which no UTF-8 or Latin-1 text file has.
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) {
    return { text: decodeAs('utf-16le', bytes), encoding: 'utf-16le', note: 'UTF-16 (little-endian) without a byte-order mark; read as UTF-16' };
  }
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) {
    return { text: decodeAs('utf-16be', bytes), encoding: 'utf-16be', note: 'UTF-16 (big-endian) without a byte-order mark; read as UTF-16' };
  }
  const label = declared?.trim().toLowerCase();
  if (label && LATIN1_LABELS.has(label)) {
    return { text: decodeAs('windows-1252', bytes), encoding: 'windows-1252' };
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    const note = label && label !== 'utf-8' && label !== 'utf8'
      ? `declared charset "${declared}" is not supported; bytes are not valid UTF-8, read as windows-1252`
      : 'bytes are not valid UTF-8; read as windows-1252 (Latin-1)';
    return { text: decodeAs('windows-1252', bytes), encoding: 'windows-1252', note };
  }
}

/** The `encoding="..."` of an XML declaration at the start of the bytes, read as ASCII. */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 200)));
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return m?.[1];
}
