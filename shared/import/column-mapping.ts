// Header row → fields (docs/api-guide.md#fields, docs/api-guide.md#the-settings-file `columns`). Pure, so the wizard shows the same mapping
// the proxy will use.
import { fieldForHeader, type MatchedBy } from '../fields/match-headers.ts';
import { MATCH_KEYS, USER_FIELDS, type FieldKey } from '../fields/user-fields.ts';
import { foldText } from '../fields/field-values.ts';

export interface ColumnMapping {
  /** 0-based position in the row. */
  index: number;
  header: string;
  field: FieldKey | null;
  /** name/typo: automatic; settings: from the settings file; none: ignored. */
  matchedBy: MatchedBy | 'settings' | 'none';
}

export interface MappingProblem {
  column: string;
  field: FieldKey;
  message: string;
}

const KEY_FIELDS: ReadonlySet<FieldKey> = new Set(MATCH_KEYS);
/** The header row is looked for among the sheet's first rows (title rows may come above it). */
export const HEADER_SEARCH_ROWS = 25;

/** Fewest known headers (a key among them) that make a row the header even where unknown columns outnumber them. */
const WIDE_SHEET_KNOWN_HEADERS = 3;

/**
 * The header row: the first row in which known field headers, a key column among them, outnumber the other
 * non-empty cells. A wide HR sheet whose extra columns outnumber the user fields still has a header:
 * failing the rule, the first row with a key and at least three known headers is taken. Returns a 0-based
 * index or -1.
 */
export function findHeaderRow(
  rows: readonly (readonly string[])[],
  columns?: Record<string, FieldKey | null>,
): number {
  const explicit = new Map(Object.entries(columns ?? {}).map(([header, field]) => [foldText(header), field]));
  let wideSheetHeader = -1;
  for (let index = 0; index < Math.min(rows.length, HEADER_SEARCH_ROWS); index++) {
    let known = 0;
    let other = 0;
    let hasKey = false;
    for (const cell of rows[index] ?? []) {
      if (!cell.trim()) continue;
      const field = explicit.has(foldText(cell)) ? explicit.get(foldText(cell)) : fieldForHeader(cell)?.key;
      if (field) {
        known++;
        if (KEY_FIELDS.has(field)) hasKey = true;
      } else other++;
    }
    if (hasKey && known > other) return index;
    if (hasKey && known >= WIDE_SHEET_KNOWN_HEADERS && wideSheetHeader < 0) wideSheetHeader = index;
  }
  return wideSheetHeader;
}

function weakMatch(header: string, mapping: ColumnMapping): boolean {
  return mapping.matchedBy === 'name' && fieldForHeader(header)?.weak === true;
}

export function mapColumns(
  headers: readonly string[],
  columns?: Record<string, FieldKey | null>,
): { mappings: ColumnMapping[]; problems: MappingProblem[] } {
  const explicit = new Map(Object.entries(columns ?? {}).map(([header, field]) => [foldText(header), field]));
  const mappings: ColumnMapping[] = headers.map((raw, index) => {
    const header = raw.trim();
    const folded = foldText(header);
    if (explicit.has(folded))
      return {
        index,
        header,
        field: explicit.get(folded) ?? null,
        matchedBy: explicit.get(folded) ? 'settings' : 'none',
      };
    const match = header ? fieldForHeader(header) : undefined;
    return match
      ? { index, header, field: match.key, matchedBy: match.by }
      : { index, header, field: null, matchedBy: 'none' };
  });
  // "Telefon" beside "Mobil": a weak alias gives way to a column that names the field more plainly.
  const named = new Set(
    mappings.filter((m, i) => m.field && !weakMatch(headers[i] ?? '', m)).map((m) => m.field),
  );
  for (const [i, mapping] of mappings.entries())
    if (mapping.field && named.has(mapping.field) && weakMatch(headers[i] ?? '', mapping))
      mappings[i] = { index: mapping.index, header: mapping.header, field: null, matchedBy: 'none' };
  const problems: MappingProblem[] = [];
  const byField = new Map<FieldKey, ColumnMapping[]>();
  for (const mapping of mappings) {
    if (!mapping.field) continue;
    byField.set(mapping.field, [...(byField.get(mapping.field) ?? []), mapping]);
  }
  for (const [field, mapped] of byField) {
    if (mapped.length < 2) continue;
    const names = mapped.map((m) => `'${m.header}'`).join(' and ');
    for (const mapping of mapped) {
      problems.push({
        column: mapping.header,
        field,
        message: `The columns ${names} both map to ${USER_FIELDS[field].meta.header.en}; ignore one of them or map it to another field.`,
      });
    }
  }
  return { mappings, problems };
}
