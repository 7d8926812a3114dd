// How the planner builds a planned row and compares a row's key with a user's values (100,000 rows
// held by the import job, so every row has one shape and most share their empty lists).
import { emailKey, sameGroups } from '../fields/field-values.ts';
import { MATCH_KEYS, type FieldKey, type MatchKey } from '../fields/user-fields.ts';
import type { ImportSettings } from '../import-settings.ts';
import type { RowError } from '../problems.ts';
import type { FieldChange, PlannedRow, PlannedWrite, RowAction, SkipReason } from './plan-types.ts';
import type { ValidatedRow } from './validate-row.ts';

export type RowKey = { field: MatchKey; value: string };

/** A cell's value against a user's: groups as sets, e-mail addresses case-blind, a missing value as empty. */
export function sameValue(field: FieldKey, a: unknown, b: unknown): boolean {
  if (field === 'userGroups') return sameGroups((a ?? []) as string[], (b ?? []) as string[]);
  if (field === 'email') return emailKey(String(a ?? '')) === emailKey(String(b ?? ''));
  return (a ?? '') === (b ?? '');
}

/** How a row's key and a user's value are compared: e-mail addresses case-blind, the others trimmed. */
export function keyValue(field: MatchKey, value: string): string {
  return field === 'email' ? emailKey(value) : value.trim();
}

/** The key a row is matched by: the first key field with a value, in the order `matchBy` gives. */
export function chooseKey(validated: ValidatedRow, matchBy: ImportSettings['matchBy']): RowKey | null {
  const value = (field: MatchKey) => {
    const v = validated.values[field];
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const order: readonly MatchKey[] = matchBy === 'auto' ? MATCH_KEYS : [matchBy];
  for (const field of order) {
    const v = value(field);
    if (v) return { field, value: v };
  }
  return null;
}

const NONE: readonly never[] = Object.freeze([]);

/** Marks a planned row that omitUnchanged leaves out. */
export const OMITTED: PlannedRow = Object.freeze({
  row: null,
  action: 'unchanged',
  key: null,
  userId: null,
  name: '',
  email: '',
  changes: NONE,
  errors: NONE,
  warnings: NONE,
});

export type RowBase = Pick<PlannedRow, 'row' | 'key' | 'userId' | 'name' | 'email' | 'warnings'>;

/**
 * Every planned row is made here, its properties always in one order, so 100,000 rows share a few hidden
 * classes: built with an object spread, each row got a hidden class of its own, ~350 bytes apiece.
 */
export function plannedRow(
  base: RowBase,
  action: RowAction,
  changes: FieldChange[],
  errors: RowError[],
  extra: { message?: string; skipReason?: SkipReason; write?: PlannedWrite } = {},
): PlannedRow {
  const row: PlannedRow = {
    row: base.row,
    action,
    key: base.key,
    userId: base.userId,
    name: base.name,
    email: base.email,
    // Most of 100,000 rows have none: they share one frozen empty list instead of three lists each.
    changes: changes.length ? changes : NONE,
    errors: errors.length ? errors : NONE,
    warnings: base.warnings.length ? base.warnings : NONE,
  };
  if (extra.message !== undefined) row.message = extra.message;
  if (extra.skipReason !== undefined) row.skipReason = extra.skipReason;
  if (extra.write) row.write = extra.write;
  return row;
}
