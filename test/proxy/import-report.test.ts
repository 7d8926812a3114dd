// The report's rows: one line per problem, outcomes in the page's language, the new users' ID and user name.
import { describe, expect, it } from 'vitest';
import { reportRows, rowMessage } from '../../proxy/import/import-report.ts';
import type { JobRowInput } from '../../proxy/store/job-store.ts';

const row = (input: Partial<JobRowInput> & Pick<JobRowInput, 'outcome'>) => ({
  seq: 0,
  row: 2,
  action: 'create' as const,
  message: null,
  userId: null,
  name: '',
  email: '',
  cells: ['a@example.com'],
  ...input,
});

describe('import report', () => {
  it('keeps each problem of a row on a line of its own', () => {
    const message = rowMessage([
      { message: "Email 'a@' is not a valid e-mail address" },
      { message: 'Last name is required for a new user.' },
    ]);
    expect(message).toBe("Email 'a@' is not a valid e-mail address\nLast name is required for a new user.");
    expect(rowMessage([], 'Creating users is switched off.')).toBe('Creating users is switched off.');
    expect(rowMessage([])).toBeNull();
  });

  it('speaks German on German pages and names new users', () => {
    const rows = [
      ...reportRows(
        ['Email'],
        [
          row({ outcome: 'created', userId: 'u1' }),
          row({ outcome: 'invalid', message: 'x\ny' }),
          row({ outcome: 'failed', userId: 'u2', action: 'update' }),
          row({ outcome: 'updated', userId: 'u3', action: 'update' }),
        ],
        'de',
        new Map([['u1', 'anna.arndt@demo']]),
      ),
    ];
    expect(rows).toEqual([
      ['Zeile', 'Email', 'Ergebnis', 'Meldung', 'Portatour-ID (Ergebnis)', 'Benutzername (neuer Benutzer)'],
      ['2', 'a@example.com', 'angelegt', '', 'u1', 'anna.arndt@demo'],
      ['2', 'a@example.com', 'übersprungen', 'x\ny', '', ''],
      ['2', 'a@example.com', 'fehlgeschlagen', '', '', ''],
      ['2', 'a@example.com', 'geändert', '', 'u3', ''],
    ]);
  });

  it('never repeats a column name of the file, which an exported file has', () => {
    for (const lang of ['en', 'de'] as const) {
      const header =
        lang === 'en' ? ['Portatour ID', 'User name', 'Email'] : ['Portatour-ID', 'Benutzername', 'Email'];
      const [first] = reportRows(header, [], lang);
      expect(new Set(first).size).toBe(first!.length);
    }
  });
});
