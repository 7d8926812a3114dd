// Column header → field: case-, accent-, whitespace- and punctuation-insensitive against the English header, the
// German header, the key and the catalogue's aliases (the headers HR systems use), forgiving small typos.
import { foldText } from './field-values.ts';
import { FIELDS, HOME_FIELDS, type FieldKey } from './field-catalogue.ts';

const EXACT = new Map<string, FieldKey>();
/** Headers that name a field only when no other column of the file names it (see FieldMeta.weakAliases). */
const WEAK = new Map<string, FieldKey>();
for (const field of FIELDS) {
  for (const name of [field.header.en, field.header.de, field.key, ...(field.aliases ?? [])])
    EXACT.set(foldText(name), field.key);
  for (const name of field.weakAliases ?? []) WEAK.set(foldText(name), field.key);
}
const HOME = new Set<FieldKey>(HOME_FIELDS);
/** "Heimat-PLZ", "Heimatort", "Home ZIP", "Privatadresse Straße": the home fields' names after such a prefix. */
const HOME_PREFIXES = [
  'heimatadresse',
  'heimatanschrift',
  'privatadresse',
  'heimat',
  'privat',
  'wohn',
  'home',
];

function homeFieldAfterPrefix(folded: string): FieldKey | undefined {
  for (const prefix of HOME_PREFIXES) {
    if (!folded.startsWith(prefix) || folded.length === prefix.length) continue;
    const field = EXACT.get(folded.slice(prefix.length)) ?? WEAK.get(folded.slice(prefix.length));
    if (field && HOME.has(field)) return field;
  }
  return undefined;
}

/** Optimal string alignment distance, bounded: returns `limit + 1` as soon as it is exceeded. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = i === 0 ? j : Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

export type MatchedBy = 'name' | 'typo';

export interface HeaderMatch {
  key: FieldKey;
  by: MatchedBy;
  /** A weak alias: the column is the field only when no other column of the file is. */
  weak?: true;
}

export function fieldForHeader(header: string): HeaderMatch | undefined {
  const folded = foldText(header);
  if (!folded) return undefined;
  const exact = EXACT.get(folded) ?? homeFieldAfterPrefix(folded);
  if (exact) return { key: exact, by: 'name' };
  const weak = WEAK.get(folded);
  if (weak) return { key: weak, by: 'name', weak: true };
  // A typo ("Frist name") is forgiven only in longer names, where it cannot turn one field into another.
  if (folded.length < 5) return undefined;
  const limit = folded.length >= 10 ? 2 : 1;
  let best: { key: FieldKey; distance: number; tie: boolean } | undefined;
  for (const [name, key] of EXACT) {
    if (name.length < 5) continue;
    const distance = editDistance(folded, name, limit);
    if (distance > limit) continue;
    if (!best || distance < best.distance) best = { key, distance, tie: false };
    else if (distance === best.distance && key !== best.key) best.tie = true;
  }
  return best && !best.tie ? { key: best.key, by: 'typo' } : undefined;
}
