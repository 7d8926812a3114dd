// The common frame of every dialog view: title, a Close button, the content and a footer of buttons.
// It also keeps keyboard focus inside the frame: the modal in the host page makes the rest of the
// page inert, and this wraps Tab around inside the iframe so focus never wanders out of the dialog.
// Initial focus goes to the element marked `data-autofocus`: browsers ignore `autofocus` in a
// cross-origin iframe, so it is set by hand once the host page has focused the iframe.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface DialogFrameProps {
  title: string;
  closeLabel: string;
  onClose: () => void;
  children: ComponentChildren;
  footer: ComponentChildren;
  /** Hides the header's Close button when the footer has its own (one "Close" per view, docs/administrators.md#the-import-wizard). */
  hideHeaderClose?: boolean;
}

const focusable =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

export function DialogFrame({
  title,
  closeLabel,
  onClose,
  children,
  footer,
  hideHeaderClose = false,
}: DialogFrameProps) {
  const frame = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const focusInitial = (): void => {
      const current = frame.current;
      if (!current || current.contains(document.activeElement)) return;
      const target =
        current.querySelector<HTMLElement>('[data-autofocus]') ??
        current.querySelector<HTMLElement>(focusable);
      target?.focus();
    };
    focusInitial();
    window.addEventListener('focus', focusInitial);
    return () => window.removeEventListener('focus', focusInitial);
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
        return;
      }
      if (event.key !== 'Tab' || !frame.current) return;
      const items = [...frame.current.querySelectorAll<HTMLElement>(focusable)];
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !frame.current.contains(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !frame.current.contains(active))) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  return (
    <div class="frame" ref={frame}>
      <header class="frame-header">
        <h1 id="dialog-title">{title}</h1>
        {!hideHeaderClose && (
          <button
            type="button"
            class="icon-button"
            aria-label={closeLabel}
            title={closeLabel}
            onClick={onClose}
          >
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
              <path
                d="M3.5 3.5l9 9m0-9l-9 9"
                stroke="currentColor"
                stroke-width="1.8"
                stroke-linecap="round"
              />
            </svg>
          </button>
        )}
      </header>
      <div class="frame-body">{children}</div>
      <footer class="frame-footer">{footer}</footer>
    </div>
  );
}
