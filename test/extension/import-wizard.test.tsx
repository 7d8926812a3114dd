// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../../extension/src/common/translate.ts';
import ImportWizard from '../../extension/src/dialog/import/import-wizard.tsx';
import type { ViewProps } from '../../extension/src/dialog/view-props.ts';

afterEach(cleanup);

function renderWizard(language: 'en' | 'de' = 'en') {
  const onClose = vi.fn<ViewProps['onClose']>();
  const props: ViewProps = {
    t: createTranslator(language),
    language,
    access: { proxyUrl: 'http://127.0.0.1:1', tenantId: 'demo', token: 'demo-admin-token', fetch },
    save: vi.fn(),
    onClose,
  };
  const view = render(<ImportWizard {...props} />);
  const fileInput = view.container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!fileInput) throw new Error('no file input');
  return { onClose, fileInput };
}

function chooseFile(input: HTMLInputElement, file: File): void {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

const spreadsheet = new File(['Email\nanna@example.com\n'], 'users.csv', { type: 'text/csv' });

describe('import wizard, first step', () => {
  it('has a real file input for spreadsheets and keeps Next disabled until a file is chosen', () => {
    const { fileInput } = renderWizard();
    expect(screen.getByRole('heading', { name: 'Import users' })).toBeTruthy();
    expect(fileInput.accept).toContain('.xlsx');
    expect(fileInput.accept).toContain('.csv');
    expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(true);

    chooseFile(fileInput, spreadsheet);

    expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('Selected file: users.csv');
  });

  it('accepts a file dropped on the drop zone', () => {
    renderWizard();
    const dropZone = screen.getByTestId('drop-zone');
    fireEvent.drop(dropZone, { dataTransfer: { files: [spreadsheet] } });
    expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(false);
  });

  it('goes on with the chosen file, and Back returns to it', () => {
    const { fileInput } = renderWizard();
    chooseFile(fileInput, spreadsheet);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
    expect(screen.getByText(/columns of users\.csv/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('status').textContent).toBe('Selected file: users.csv');
    expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(false);
  });

  it('closes without changes on Cancel, on Close and on Escape', () => {
    const { onClose } = renderWizard();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose.mock.calls).toEqual([[false], [false], [false]]);
  });

  it('keeps Tab inside the dialog: from the last button back to the first control', () => {
    renderWizard();
    const close = screen.getByRole('button', { name: 'Close' });
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    cancel.focus();
    // Next is disabled, so Cancel is the last focusable element.
    fireEvent.keyDown(document, { key: 'Tab' });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(document, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
  });

  it('speaks German on a German page (contract §8 names)', () => {
    renderWizard('de');
    expect(screen.getByRole('heading', { name: 'Benutzer importieren' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Weiter' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toBeTruthy();
  });
});
