// The wizard's progress at the top: six steps, the current one named as the step's heading, which gets the
// focus when the step changes (keyboard users land on the new step, not on a removed button).
import type { Ref } from 'preact';
import type { Translate } from '../../common/translate.ts';
import type { WizardState } from './wizard-state.ts';

type Step = WizardState['step'];
const ORDER: readonly Step[] = ['upload', 'columns', 'home', 'review', 'running', 'done'];

function stepName(step: Step, t: Translate): string {
  switch (step) {
    case 'upload':
      return t('stepFile');
    case 'columns':
      return t('stepColumns');
    case 'home':
      return t('stepHome');
    case 'review':
      return t('stepPreview');
    case 'running':
      return t('stepRunning');
    case 'done':
      return t('stepDone');
  }
}

export function WizardSteps({
  step,
  t,
  headingRef,
}: {
  step: Step;
  t: Translate;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const current = ORDER.indexOf(step);
  return (
    <div class="wizard-steps">
      <ol aria-hidden="true">
        {ORDER.map((s, index) => (
          <li key={s} class={index < current ? 'past' : index === current ? 'current' : ''}>
            <span class="dot">{index < current ? '✓' : index + 1}</span>
            <span class="step-name">{stepName(s, t)}</span>
          </li>
        ))}
      </ol>
      <h2 class="step-title visually-hidden" tabIndex={-1} ref={headingRef}>
        {t('stepOf', String(current + 1), String(ORDER.length), stepName(step, t))}
      </h2>
    </div>
  );
}
