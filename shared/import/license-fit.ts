// "Import only the rows that fit" (settings.skipRowsBeyondLicenses, docs/import-semantics.md#licenses): the rows
// that need a license are taken in file order while licenses are free; the others are skipped, not attempted.
import type { Say } from './plan-columns.ts';
import type { PlannedRow } from './plan-types.ts';
import { plannedRow } from './planned-row.ts';

/** The row takes a license the company does not hold yet: a create, a reactivation or No→Yes of own schedule. */
export function needsLicense(row: PlannedRow): boolean {
  const write = row.write;
  if (!write) return false;
  if (write.kind === 'create') return write.user.hasOwnSchedule === true;
  const { before, changes } = write;
  if (!before.hasOwnSchedule && changes.hasOwnSchedule === true) return true;
  const hasSchedule = changes.hasOwnSchedule ?? before.hasOwnSchedule;
  return hasSchedule && !before.active && changes.active === true;
}

/**
 * Skips, in place, every row that needs a license beyond the first `room` such rows (`rows` in file order);
 * answers how many were skipped.
 */
export function skipRowsBeyondLicenses(rows: PlannedRow[], room: number, say: Say): number {
  let taken = 0;
  let skipped = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!needsLicense(row)) continue;
    if (taken < room) {
      taken++;
      continue;
    }
    skipped++;
    rows[i] = plannedRow(row, 'skipped', [], [], {
      message: say(
        'Not attempted: no license is free for this user (only the rows that fit are imported).',
        'Nicht versucht: für diesen Benutzer ist keine Lizenz frei (nur die Zeilen, die passen, werden importiert).',
      ),
      skipReason: 'no-license',
    });
  }
  return skipped;
}
