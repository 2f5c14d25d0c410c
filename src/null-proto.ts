// Tables keyed by gadget data (attribute names, element names, UserPref names) are made without a
// prototype, so `table['constructor']` or `table['__proto__']` finds only what was put in. The type
// says so: test/data-keys.test.ts accepts a lookup by a data-derived key on a NullProtoRecord, and
// reports one on a plain Record<string, X>, which inherits Object.prototype's members.

declare const NULL_PROTOTYPE: unique symbol;

/** A string-keyed table made by nullProto() (Object.create(null)): it inherits nothing. */
export type NullProtoRecord<T> = Record<string, T> & { readonly [NULL_PROTOTYPE]: true };

/** A new table without a prototype, filled from `entries`. */
export function nullProto<T>(entries: Iterable<readonly [string, T]> = []): NullProtoRecord<T> {
  const table = Object.create(null) as NullProtoRecord<T>;
  for (const [k, v] of entries) table[k] = v;
  return table;
}
