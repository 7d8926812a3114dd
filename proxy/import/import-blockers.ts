// What stops a plan from being imported (docs/api-guide.md#endpoints refusals); the company-level refusal is company-refusal.ts.
// The preview lists them as blockers, the import answers with the first one as a problem — the same function, so
// the preview never promises what the import then refuses.
import type { ImportSettings } from '../../shared/import-settings.ts';
import type { ImportPlan } from '../../shared/import/plan-types.ts';
import type { RowError } from '../../shared/problems.ts';
import { ProblemError } from '../problem.ts';
import { plural } from '../../shared/plural.ts';

const MAX_LISTED = 20;

function listUsers(users: { name: string; email: string }[]): string {
  const shown = users.slice(0, MAX_LISTED).map((u) => (u.name ? `${u.name} <${u.email}>` : u.email));
  return users.length > MAX_LISTED
    ? `${shown.join(', ')} and ${users.length - MAX_LISTED} more`
    : shown.join(', ');
}

export function importBlockers(plan: ImportPlan, settings: ImportSettings): ProblemError[] {
  const refusals: ProblemError[] = [];
  if (plan.fileErrors.length) {
    const errors: RowError[] = plan.fileErrors.map((e) => ({
      row: plan.headerRow,
      column: e.column,
      field: e.field,
      code: 'column',
      message: e.message,
    }));
    refusals.push(new ProblemError('invalid-rows', errors.map((e) => e.message).join(' '), { errors }));
  }
  if (plan.summary.invalid && !settings.skipInvalidRows) {
    refusals.push(
      new ProblemError(
        'invalid-rows',
        `${plural(plan.summary.invalid, '1 row is invalid', `${plan.summary.invalid} rows are invalid`)}. Correct them, or set skipInvalidRows to import the other rows.`,
        { errors: plan.errors },
      ),
    );
  }
  if (plan.licenses.exceeded) {
    const { needed, free, deactivatedWithSchedule } = plan.licenses;
    const room = deactivatedWithSchedule
      ? ` ${plural(deactivatedWithSchedule, '1 deactivated user with own schedule still holds a license', `${deactivatedWithSchedule} deactivated users with own schedule still hold a license`)}; deleting them in user management (after downloading their data) makes room.`
      : '';
    refusals.push(
      new ProblemError(
        'license-limit',
        `The import needs ${needed} more ${plural(needed, 'license', 'licenses')} for users with own schedule, but only ${free} of ${plan.licenses.total} ${plural(free, 'is', 'are')} free.${room} Ways out: mark new users as office staff (overrides, newUsersAsOfficeStaff) or import only the rows that fit (skipRowsBeyondLicenses).`,
        { licenses: plan.licenses },
      ),
    );
  }
  if (plan.scheduleDeletions.length && !settings.allowScheduleDeletion) {
    refusals.push(
      new ProblemError(
        'confirmation-required',
        `Changing "Has own schedule" to No deletes the customers, appointments and reports of ${plural(plan.scheduleDeletions.length, '1 user', `${plan.scheduleDeletions.length} users`)}: ${listUsers(plan.scheduleDeletions)}. Confirm with allowScheduleDeletion.`,
        { users: plan.scheduleDeletions },
      ),
    );
  }
  return refusals;
}
