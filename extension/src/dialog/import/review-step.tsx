// Wizard step 4: the proxy's plan — counts at a glance, licenses after the import, what blocks it,
// the confirmation that schedule data is deleted or missing users deactivated, and the table of changes
// (or of errors, correctable in place).
import { useState } from 'preact/hooks';
import { countSentence, type Language, type Translate } from '../../common/translate.ts';
import type { LoadPage } from './change-pages.ts';
import { ChangeTable } from './change-table.tsx';
import { ErrorTable } from './error-table.tsx';
import { formatCount } from './format-count.ts';
import type { CellCorrection, ImportPreview, RowOverride } from './import-types.ts';
import { LicenseWays, isOfficeStaff, offersLicenseWays, type LicenseWay } from './license-ways.tsx';
import { PlanWarnings } from './plan-warnings.tsx';
import { withOfficeStaff } from './wizard-state.ts';
import type { WizardChoices } from './wizard-choices.ts';

export interface ReviewStepProps {
  t: Translate;
  language: Language;
  plan: ImportPreview;
  choices: WizardChoices;
  busy: boolean;
  loadPage: LoadPage;
  onChange: (choices: Partial<WizardChoices>) => void;
  onSkipInvalidRows: (skip: boolean) => void;
  onCorrect: (correction: CellCorrection) => void;
  /** Rows marked office staff in the table. */
  overrides: readonly RowOverride[];
  onLicenseWay: (way: LicenseWay) => void;
  onOverrides: (overrides: RowOverride[]) => void;
}

const CONFIRMATION_REFUSAL = 'confirmation-required';

function blockerName(type: string): string {
  return type.split(/[:/]/).pop() ?? '';
}

/** The blockers that still stand: the schedule confirmation is given by the checkbox, not by the proxy. */
export function standingBlockers(plan: ImportPreview, choices: WizardChoices) {
  return plan.blockers.filter((b) => !(choices.confirmed && blockerName(b.type) === CONFIRMATION_REFUSAL));
}

export function needsConfirmation(plan: ImportPreview): boolean {
  return plan.scheduleDeletions.length > 0 || plan.missingDeactivations > 0;
}

/** The plan writes nothing: every row matches its user already (or is skipped). */
export function changesNothing(plan: ImportPreview): boolean {
  const { create, update, deactivate } = plan.summary;
  return create + update + deactivate + plan.missingDeactivations === 0;
}

/** Start import is possible when there is something to write, nothing blocks and the confirmation is ticked. */
export function canStartImport(plan: ImportPreview, choices: WizardChoices): boolean {
  return (
    !changesNothing(plan) &&
    standingBlockers(plan, choices).length === 0 &&
    (!needsConfirmation(plan) || choices.confirmed)
  );
}

/**
 * What blocks the import, in the wizard's words where the proxy's are written for scripts: the invalid-rows
 * refusal names the settings key `skipInvalidRows`, the wizard names its checkbox. The confirmation has a
 * box of its own.
 */
function blockerSentences(
  plan: ImportPreview,
  choices: WizardChoices,
  t: Translate,
  language: Language,
): string[] {
  const fileErrors = plan.errors
    .filter((e) => e.code === 'column')
    .map((e) => e.message)
    .join(' ');
  return standingBlockers(plan, choices)
    .filter((b) => blockerName(b.type) !== CONFIRMATION_REFUSAL)
    .map((b) => {
      if (blockerName(b.type) === 'invalid-rows' && b.detail !== fileErrors)
        return t('invalidRowsBlocker', formatCount(plan.summary.invalid, language));
      if (blockerName(b.type) === 'license-limit') return licenseSentence(plan, t, language);
      return b.detail;
    });
}

/**
 * Too few licenses. The ways out inside the wizard are offered below it (license-ways.tsx); what only user
 * management can do is said here: deactivated field users hold their licenses until deleted.
 */
function licenseSentence(plan: ImportPreview, t: Translate, language: Language): string {
  const { needed, free, deactivatedWithSchedule } = plan.licenses;
  const sentences = [t('licenseBlocker', formatCount(needed, language), formatCount(free, language))];
  if (!plan.columns.some((column) => column.field === 'hasOwnSchedule'))
    sentences.push(t('licenseHintScheduleColumn'));
  if (deactivatedWithSchedule > 0)
    sentences.push(
      countSentence(
        t,
        language,
        deactivatedWithSchedule,
        'licenseHintDeactivatedOne',
        'licenseHintDeactivated',
        formatCount(deactivatedWithSchedule, language),
      ),
    );
  return sentences.join(' ');
}

function SummaryCards({ plan, t, language }: { plan: ImportPreview; t: Translate; language: Language }) {
  const { summary } = plan;
  const cards: [string, number, string][] = [
    ['create', summary.create, t('summaryCreate')],
    ['update', summary.update, t('summaryUpdate')],
    ['deactivate', summary.deactivate, t('summaryDeactivate')],
    ['unchanged', summary.unchanged, t('summaryUnchanged')],
    ['invalid', summary.invalid, t('summaryInvalid')],
  ];
  if (summary.skipped) cards.push(['skipped', summary.skipped, t('summarySkipped')]);
  return (
    <ul class="summary-cards" aria-label={t('summaryLabel')}>
      {cards.map(([kind, count, label]) => (
        <li key={kind} class={`card card-${kind}${count ? '' : ' zero'}`}>
          <span class="card-count">{formatCount(count, language)}</span>
          <span class="card-label">{label}</span>
        </li>
      ))}
    </ul>
  );
}

function Licenses({ plan, t, language }: { plan: ImportPreview; t: Translate; language: Language }) {
  const { total, usedAfter, exceeded } = plan.licenses;
  const free = Math.max(0, total - usedAfter);
  const percent = total ? Math.min(100, Math.round((usedAfter / total) * 100)) : 0;
  return (
    <div class={`licenses${exceeded ? ' exceeded' : ''}`}>
      <span>
        {t(
          'licensesAfter',
          formatCount(usedAfter, language),
          formatCount(total, language),
          formatCount(free, language),
        )}
      </span>
      <span class="meter" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
    </div>
  );
}

function Confirmation({ plan, choices, t, language, onChange }: ReviewStepProps) {
  const deletions = plan.scheduleDeletions;
  const names = deletions
    .slice(0, 5)
    .map((d) => d.name || d.email)
    .join(', ');
  const more = deletions.length > 5 ? ` ${t('andMore', formatCount(deletions.length - 5, language))}` : '';
  return (
    <div class="confirm-box" role="group" aria-labelledby="confirm-title">
      <p id="confirm-title" class="confirm-title">
        {t('confirmTitle')}
      </p>
      {deletions.length > 0 && (
        <p>
          {t('scheduleDeletionWarning', formatCount(deletions.length, language))} {names}
          {more}
        </p>
      )}
      {plan.missingDeactivations > 0 && (
        <p>{t('missingDeactivationWarning', formatCount(plan.missingDeactivations, language))}</p>
      )}
      <label class="choice">
        <input
          type="checkbox"
          checked={choices.confirmed}
          onChange={(event) => onChange({ confirmed: event.currentTarget.checked })}
        />
        {deletions.length > 0 && plan.missingDeactivations > 0
          ? t(
              'confirmBoth',
              formatCount(deletions.length, language),
              formatCount(plan.missingDeactivations, language),
            )
          : deletions.length > 0
            ? t('confirmScheduleDeletion', formatCount(deletions.length, language))
            : t('confirmMissingDeactivation', formatCount(plan.missingDeactivations, language))}
      </label>
    </div>
  );
}

export function ReviewStep(props: ReviewStepProps) {
  const { t, language, plan, choices, busy } = props;
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [choosing, setChoosing] = useState(false);
  const blockers = blockerSentences(plan, choices, t, language);
  const { overrides } = props;
  const licenseWays = offersLicenseWays(plan, choices, overrides);
  const rowErrors = plan.errors.length;

  return (
    <>
      <SummaryCards plan={plan} t={t} language={language} />
      <Licenses plan={plan} t={t} language={language} />
      {blockers.length > 0 && (
        <div class="notice error" role="alert">
          <p class="notice-title">{t('blockedTitle')}</p>
          <ul>
            {blockers.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </div>
      )}
      {plan.summary.invalid > 0 && (
        <label class="choice">
          <input
            type="checkbox"
            checked={choices.skipInvalidRows}
            disabled={busy}
            onChange={(event) => props.onSkipInvalidRows(event.currentTarget.checked)}
          />
          {t('skipInvalidRows', formatCount(plan.summary.invalid, language))}
        </label>
      )}
      {licenseWays && (
        <LicenseWays
          t={t}
          language={language}
          plan={plan}
          choices={choices}
          overrides={overrides}
          busy={busy}
          choosing={choosing}
          onChoosing={(on) => {
            setChoosing(on);
            if (on) setErrorsOnly(false);
          }}
          onLicenseWay={props.onLicenseWay}
          onOverrides={props.onOverrides}
        />
      )}
      {needsConfirmation(plan) && <Confirmation {...props} />}
      <PlanWarnings plan={plan} nothingChanges={changesNothing(plan)} t={t} language={language} />
      <div class="table-toolbar">
        <label class="choice">
          <input
            type="checkbox"
            checked={errorsOnly}
            disabled={rowErrors === 0 && !errorsOnly}
            onChange={(event) => setErrorsOnly(event.currentTarget.checked)}
          />
          {t('errorsOnly', formatCount(rowErrors, language))}
        </label>
        <span class="muted">
          {busy ? t('updatingPreview') : t('changesCount', formatCount(plan.changesTotal, language))}
        </span>
      </div>
      {errorsOnly ? (
        <ErrorTable plan={plan} language={language} t={t} busy={busy} onCorrect={props.onCorrect} />
      ) : (
        <ChangeTable
          plan={plan}
          language={language}
          t={t}
          loadPage={props.loadPage}
          officeStaff={
            licenseWays && choosing
              ? {
                  of: (change) => isOfficeStaff(change, overrides),
                  onChange: (row, officeStaff) =>
                    props.onOverrides(withOfficeStaff(overrides, row, officeStaff)),
                }
              : undefined
          }
        />
      )}
    </>
  );
}
