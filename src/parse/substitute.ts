// `__MSG_x__`, `__UP_x__`, `__MODULE_ID__`, `__BIDI_*__` substitution, copied from Shindig's
// Substitutions.performSubstitutions (see ../shared/reference/shindig-spec.md §2), with an offset map
// so positions in the substituted text lead back to the source.

export interface SubstitutionInput {
  /** The merged message bundle for the chosen locale. */
  messages: Map<string, string>;
  /** Declared UserPrefs with the values the container would pass (defaults here). */
  prefs: { name: string; value: string }[];
  moduleId: string;
  direction: 'ltr' | 'rtl';
}

type TokenType = 'MSG' | 'UP' | 'MODULE' | 'BIDI';

/** A sorted list of (output offset → input offset) anchors; `copy` runs map one-to-one. */
export class OffsetMap {
  constructor(readonly segments: { out: number; in: number; copy: boolean }[]) {}
  static identity(): OffsetMap {
    return new OffsetMap([{ out: 0, in: 0, copy: true }]);
  }
  toInput(out: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.out <= out) lo = mid;
      else hi = mid - 1;
    }
    const seg = this.segments[lo];
    if (!seg) return out;
    return seg.copy ? seg.in + (out - seg.out) : seg.in;
  }
}

export function escapeHtml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export class Substituter {
  private readonly table = new Map<TokenType, Map<string, string>>();

  constructor(input: SubstitutionInput) {
    // Order matters: each entry's value is itself substituted by the entries already present.
    this.table.set('MSG', new Map(input.messages));
    const up = new Map<string, string>();
    this.table.set('UP', up);
    for (const p of input.prefs) up.set(p.name, escapeHtml(this.apply(p.value)));
    this.table.set('MODULE', new Map([['ID', this.apply(input.moduleId)]]));
    const ltr = input.direction === 'ltr';
    this.table.set('BIDI', new Map([
      ['START_EDGE', ltr ? 'left' : 'right'],
      ['END_EDGE', ltr ? 'right' : 'left'],
      ['DIR', ltr ? 'ltr' : 'rtl'],
      ['REVERSE_DIR', ltr ? 'rtl' : 'ltr'],
    ]));
  }

  private lookup(key: string, nested: boolean): { type: TokenType; value: string } | undefined {
    const us = key.indexOf('_');
    if (us < 0) return undefined;
    const type = key.slice(0, us) as TokenType;
    if (nested && type === 'MSG') return undefined;
    const value = this.table.get(type)?.get(key.slice(us + 1));
    return value === undefined ? undefined : { type, value };
  }

  /** Substituted text only. */
  apply(text: string): string {
    return this.run(text, false).text;
  }

  /** Substituted text and the map from its offsets back to `text`'s. */
  run(text: string, nested = false): { text: string; map: OffsetMap; tokens: string[] } {
    const segments: { out: number; in: number; copy: boolean }[] = [{ out: 0, in: 0, copy: true }];
    const tokens: string[] = [];
    if (!text.includes('__')) return { text, map: new OffsetMap(segments), tokens };
    let out = '';
    let i = 0;
    for (;;) {
      const s = text.indexOf('__', i);
      const e = s < 0 ? -1 : text.indexOf('__', s + 2);
      if (s < 0 || e < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, s);
      const hit = this.lookup(text.slice(s + 2, e), nested);
      if (hit) {
        const value = hit.type === 'MSG' && !nested ? this.run(hit.value, true).text : hit.value;
        tokens.push(text.slice(s, e + 2));
        segments.push({ out: out.length, in: s, copy: false });
        out += value;
        i = e + 2;
        segments.push({ out: out.length, in: i, copy: true });
      } else {
        // Miss: keep one "_" and rescan from the next character (handles "___MODULE_ID__").
        out += '_';
        i = s + 1;
      }
    }
    return { text: out, map: new OffsetMap(segments), tokens };
  }
}

/** Tokens of a known type that this table leaves unresolved (e.g. `__UP_x__` for an undeclared pref). */
export function unresolvedTokens(text: string): string[] {
  return [...new Set(text.match(/__(?:MSG|UP|MODULE|BIDI)_[^_\s](?:[^_]|_(?!_))*__/g) ?? [])];
}
