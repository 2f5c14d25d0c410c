// The base of a re-run's three-way merge: the text finesse-migrate generated for each file a person
// may edit, kept once per distinct text in one file, .finesse-migrate/base.jsonl (a line per text:
// {"sha256": <hash>, "text": <text>}, in the order first written). The manifest names each file's
// hash, so the pack needs no paths. Before issue 14 every generated file had its own copy under
// .finesse-migrate/base/<path>: half the files of a large output, the same text repeated in every
// widget. An output written that way is still read.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const BASE_PACK = '.finesse-migrate/base.jsonl';
/** Where earlier versions kept one copy per generated file. */
const LEGACY_BASE = '.finesse-migrate/base';

/** One line of the pack. */
export function packLine(hash: string, text: string): string {
  return `${JSON.stringify({ sha256: hash, text })}\n`;
}

/** The texts of a pack, by hash; lines that are not ours are skipped (a damaged pack only loses merges). */
export function parsePack(pack: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const line of pack.split('\n')) {
    if (!line) continue;
    try {
      const entry = JSON.parse(line) as { sha256?: unknown; text?: unknown };
      if (typeof entry.sha256 === 'string' && typeof entry.text === 'string' && !texts.has(entry.sha256)) texts.set(entry.sha256, entry.text);
    } catch {
      // skipped
    }
  }
  return texts;
}

/** The merge bases of an earlier output in `target`: read when first asked for, once. */
export class BaseReader {
  private pack: Map<string, string> | undefined;

  constructor(
    private readonly target: string,
    /** sha256 of text, to check a legacy copy is the one the manifest names. */
    private readonly hash: (text: Buffer) => string,
  ) {}

  /** The generated text of `rel` whose hash the manifest recorded as `sha256`, if the output kept it. */
  text(rel: string, sha256: string): string | undefined {
    this.pack ??= this.readPack();
    const packed = this.pack.get(sha256);
    if (packed !== undefined) return packed;
    const legacy = path.join(this.target, ...LEGACY_BASE.split('/'), ...rel.split('/'));
    try {
      if (!lstatSync(legacy).isFile()) return undefined;
      const bytes = readFileSync(legacy);
      return this.hash(bytes) === sha256 ? bytes.toString('utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  private readPack(): Map<string, string> {
    const file = path.join(this.target, ...BASE_PACK.split('/'));
    try {
      return existsSync(file) && lstatSync(file).isFile() ? parsePack(readFileSync(file, 'utf8')) : new Map();
    } catch {
      return new Map();
    }
  }
}
