// The per-row report of an import (contract §4): every row of the file in its original order with an Outcome
// and a Message column, then the users that were deactivated because the file did not name them.
import type { JobRowInput, RowOutcome } from '../store/job-store.ts';

const OUTCOME_TEXT: Record<RowOutcome, string> = {
  pending: 'not attempted',
  // Contract outcomes only: a write without a known result is "failed" with a message that says so.
  in_flight: 'failed',
  conflict: 'failed',
  created: 'created',
  updated: 'updated',
  deactivated: 'deactivated',
  unchanged: 'unchanged',
  skipped: 'skipped',
  invalid: 'failed',
  failed: 'failed',
  not_attempted: 'not attempted',
};

const MAY_HAVE_BEEN_APPLIED =
  'May have been applied: the proxy stopped while this row was being written. Run the same file again; if it was applied, the row is then unchanged.';

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
    const message = row.message ?? (row.outcome === 'in_flight' ? MAY_HAVE_BEEN_APPLIED : '');
    yield [row.row === null ? '' : String(row.row), ...padded, OUTCOME_TEXT[row.outcome], message];
  }
}
