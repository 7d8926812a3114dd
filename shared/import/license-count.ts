// The planner's license accounting (docs/import-semantics.md licenses): only users with own schedule hold a
// license (deactivated ones too); creates, reactivations and No→Yes need one, Yes→No frees one.
import type { UserRecord } from '../fields/user-fields.ts';
import { USER_GROUPS_MIN_LICENSES } from './plan-messages.ts';
import type { LicenseForecast, PlannedRow, ScheduleDeletion } from './plan-types.ts';

export class LicenseCount {
  private usedBefore = 0;
  private deactivatedWithSchedule = 0;
  private needed = 0;
  private freed = 0;
  private readonly scheduleDeletions: ScheduleDeletion[] = [];

  /** `total`: the company's licenses. */
  constructor(readonly total: number) {}

  /** A user of the company as it is now. */
  countUser(user: UserRecord): void {
    if (!user.hasOwnSchedule) return;
    this.usedBefore++;
    if (!user.active) this.deactivatedWithSchedule++;
  }

  /** A planned write needs one more license than the company holds now. */
  need(): void {
    this.needed++;
  }

  /** A planned write turns a user's own schedule off: its license is freed and its schedule deleted. */
  free(deletion: ScheduleDeletion): void {
    this.scheduleDeletions.push(deletion);
    this.freed++;
  }

  /** User groups are for companies with enough licenses (docs/api-guide.md#fields). */
  get allowsUserGroups(): boolean {
    return this.total >= USER_GROUPS_MIN_LICENSES;
  }

  /** The licenses before and after the plan's `rows`. */
  forecast(rows: readonly PlannedRow[]): LicenseForecast {
    const creates = rows.filter((r) => r.write?.kind === 'create' && r.write.user.hasOwnSchedule).length;
    const turnedOn = rows.filter(
      (r) => r.write?.kind === 'update' && r.write.changes.hasOwnSchedule === true,
    ).length;
    const free = Math.max(0, this.total - this.usedBefore);
    return {
      total: this.total,
      usedBefore: this.usedBefore,
      usedAfter: this.usedBefore + creates + turnedOn - this.freed,
      needed: this.needed,
      free,
      deactivatedWithSchedule: this.deactivatedWithSchedule,
      exceeded: this.needed - this.freed > free,
    };
  }

  /** The own schedules the plan deletes, in row order. */
  deletions(): ScheduleDeletion[] {
    return this.scheduleDeletions.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }
}
