// The per-row report of an import (contract §4): every row of the file in its original order with an Outcome
// and a Message column, then the users that were deactivated because the file did not name them.
import type { JobRowInput, RowOutcome } from '../store/job-store.ts';

const OUTCOME_TEXT: Record<RowOutcome, string> = {
  pending: 'not attempted',
  created: 'created',
  updated: 'updated',
  deactivated: 'deactivated',
  unchanged: 'unchanged',
  skipped: 'skipped',
  invalid: 'failed',
  failed: 'failed',
  not_attempted: 'not attempted',
  conflict: 'conflict',
};

export function* reportRows(
  header: string[],
  rows: Iterable<JobRowInput & { cells: string[] | null }>,
): Generator<string[]> {
  const width = header.length;
  yield ['Row', ...header, 'Outcome', 'Message'];
  for (const row of rows) {
    const cells = row.cells ?? [];
    const padded = Array.from({ length: width }, (_, i) => cells[i] ?? '');
    if (!row.cells) {
      // A user absent from the file: show who it is in the first columns.
      padded[0] = row.name;
      if (width > 1) padded[1] = row.email;
    }
    yield [row.row === null ? '' : String(row.row), ...padded, OUTCOME_TEXT[row.outcome], row.message ?? ''];
  }
}
