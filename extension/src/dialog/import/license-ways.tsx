// The ways out of a license shortage in the preview, so that "22 licenses needed, 15 free" is no dead end:
// office staff chosen in the table (row overrides), every new user as office staff, or only the rows that fit.
// Each choice asks the proxy for the plan again, so the preview shows its result; the import sends the same.
import { countSentence, type Language, type Translate } from '../../common/translate.ts';
import { formatCount } from './format-count.ts';
import type { ImportPreview, PlannedChange, RowOverride } from './import-types.ts';
import type { WizardChoices } from './wizard-choices.ts';

export type LicenseWay = Partial<Pick<WizardChoices, 'newUsersAsOfficeStaff' | 'skipRowsBeyondLicenses'>>;

export interface LicenseWaysProps {
  t: Translate;
  language: Language;
  plan: ImportPreview;
  choices: WizardChoices;
  overrides: readonly RowOverride[];
  busy: boolean;
  /** The table shows an office-staff checkbox per new user. */
  choosing: boolean;
  onChoosing: (choosing: boolean) => void;
  onLicenseWay: (way: LicenseWay) => void;
  onOverrides: (overrides: RowOverride[]) => void;
}

/** Offered while the licenses do not suffice, and kept while a way is chosen (so it can be undone). */
export function offersLicenseWays(
  plan: ImportPreview,
  choices: WizardChoices,
  overrides: readonly RowOverride[],
): boolean {
  return (
    plan.licenses.exceeded ||
    choices.newUsersAsOfficeStaff ||
    choices.skipRowsBeyondLicenses ||
    overrides.length > 0
  );
}

/**
 * A new user left out because no license was free for them: as office staff they need none, so the table offers
 * them the box too. Not offered for an existing user's row: No there may delete their schedule data.
 */
export function skippedForLicense(change: PlannedChange): boolean {
  return change.action === 'skipped' && change.skipReason === 'no-license' && change.userId === null;
}

/**
 * Whether the row is office staff as the administrator sees it now: their own choice first, else the plan's;
 * null where there is nothing to choose (no new user).
 */
export function isOfficeStaff(change: PlannedChange, overrides: readonly RowOverride[]): boolean | null {
  if (change.row === null || (change.action !== 'create' && !skippedForLicense(change))) return null;
  const chosen = overrides.find((override) => override.row === change.row);
  if (chosen) return chosen.value === 'No';
  if (change.action === 'skipped') return false;
  const schedule = change.changes.find((c) => c.field === 'hasOwnSchedule');
  return schedule ? schedule.to === false : null;
}

export function LicenseWays(props: LicenseWaysProps) {
  const { t, language, plan, choices, overrides, busy, choosing } = props;
  const { exceeded, skipped, free } = plan.licenses;
  return (
    <section
      class={`license-ways notice ${exceeded ? 'warn' : 'resolved'}`}
      aria-labelledby="license-ways-title"
    >
      <p id="license-ways-title" class="notice-title">
        {t('licenseWaysTitle')}
      </p>
      <p>{t('licenseWaysIntro')}</p>
      <div class="license-way">
        <button
          type="button"
          class="small"
          aria-pressed={choosing ? 'true' : 'false'}
          onClick={() => props.onChoosing(!choosing)}
        >
          {t('licenseWayChoose')}
        </button>
        {overrides.length > 0 && (
          <>
            <span class="muted">{t('licenseWayChosen', formatCount(overrides.length, language))}</span>
            <button type="button" class="small" disabled={busy} onClick={() => props.onOverrides([])}>
              {t('licenseWayUndoChosen')}
            </button>
          </>
        )}
      </div>
      <label class="choice">
        <input
          type="checkbox"
          checked={choices.newUsersAsOfficeStaff}
          disabled={busy}
          onChange={(event) => props.onLicenseWay({ newUsersAsOfficeStaff: event.currentTarget.checked })}
        />
        {t('licenseWayAllNew')}
      </label>
      <label class="choice">
        <input
          type="checkbox"
          checked={choices.skipRowsBeyondLicenses}
          disabled={busy}
          onChange={(event) => props.onLicenseWay({ skipRowsBeyondLicenses: event.currentTarget.checked })}
        />
        {t('licenseWayFit', formatCount(free, language))}
      </label>
      {(skipped > 0 || !exceeded) && (
        <p role="status">
          {skipped > 0 &&
            countSentence(
              t,
              language,
              skipped,
              'licenseWayFitResultOne',
              'licenseWayFitResult',
              formatCount(skipped, language),
            )}
          {skipped > 0 && !exceeded && ' '}
          {!exceeded && t('licenseWayResolved')}
        </p>
      )}
      {skipped > 0 && <p class="muted">{t('licenseWayFitOfficeStaff')}</p>}
    </section>
  );
}
