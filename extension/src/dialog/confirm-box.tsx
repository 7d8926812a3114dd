// A question inside the dialog with its two answers:
// the access link and leaving a wizard with choices ask first. Not window.confirm: that would block the page and cannot be styled or translated.
// The focus moves to the safe answer, so Enter never confirms by accident.
import { useEffect, useRef } from 'preact/hooks';

export interface ConfirmBoxProps {
  id: string;
  question: string;
  /** The answer that does it, e.g. "Send to 30 users". */
  yes: string;
  /** The answer that does nothing. */
  no: string;
  onAnswer: (yes: boolean) => void;
}

export function ConfirmBox({ id, question, yes, no, onAnswer }: ConfirmBoxProps) {
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => safe.current?.focus(), []);
  return (
    <div class="confirm-box" role="group" aria-labelledby={id}>
      <p id={id}>{question}</p>
      <div class="confirm-actions">
        <button type="button" ref={safe} onClick={() => onAnswer(false)}>
          {no}
        </button>
        <button type="button" class="primary" onClick={() => onAnswer(true)}>
          {yes}
        </button>
      </div>
    </div>
  );
}
