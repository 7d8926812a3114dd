// The per-row report of an import: every row of the file in its original order with its outcome, one line per
// problem, and the Portatour ID and user name portatour gave each new user, then the users that were
// deactivated because the file did not name them. In the page's language: HR reads it beside the file.
import type { ReportOutcome } from '../../shared/api/job-status.ts';
import type { JobRowInput, RowOutcome } from '../store/job-store.ts';

export type ReportLanguage = 'en' | 'de';

const OUTCOME_TEXT: { en: Record<RowOutcome, ReportOutcome>; de: Record<RowOutcome, string> } = {
  en: {
    pending: 'not attempted',
    // A write without a known result is "failed" with a message that says so.
    in_flight: 'failed',
    conflict: 'failed',
    created: 'created',
    updated: 'updated',
    deactivated: 'deactivated',
    unchanged: 'unchanged',
    skipped: 'skipped',
    // An invalid row reaches a job only with skipInvalidRows: it was left out, nothing of it failed.
    invalid: 'skipped',
    failed: 'failed',
    not_attempted: 'not attempted',
  },
  de: {
    pending: 'nicht versucht',
    in_flight: 'fehlgeschlagen',
    conflict: 'fehlgeschlagen',
    created: 'angelegt',
    updated: 'geändert',
    deactivated: 'deaktiviert',
    unchanged: 'unverändert',
    skipped: 'übersprungen',
    invalid: 'übersprungen',
    failed: 'fehlgeschlagen',
    not_attempted: 'nicht versucht',
  },
};

const WORDS = {
  en: {
    sheet: 'Import report',
    row: 'Row',
    outcome: 'Outcome',
    message: 'Message',
    // Not the file's own "Portatour ID" and "User name": a report with two columns of one name cannot be
    // imported again (nor sorted by name in Excel without confusion).
    id: 'Portatour ID (result)',
    userName: 'User name (new user)',
  },
  de: {
    sheet: 'Importbericht',
    row: 'Zeile',
    outcome: 'Ergebnis',
    message: 'Meldung',
    id: 'Portatour-ID (Ergebnis)',
    userName: 'Benutzername (neuer Benutzer)',
  },
} as const;

const MAY_HAVE_BEEN_APPLIED: Record<ReportLanguage, string> = {
  en: 'May have been applied: the proxy stopped while this row was being written. Run the same file again; if it was applied, the row is then unchanged.',
  de: 'Möglicherweise übernommen: der Proxy hielt an, während diese Zeile geschrieben wurde. Führen Sie dieselbe Datei erneut aus; wurde sie übernommen, ist die Zeile dann unverändert.',
};

export function reportSheetName(lang: ReportLanguage): string {
  return WORDS[lang].sheet;
}

/** Problems of one row are stored one per line (see rowMessage); a message of its own has no line breaks. */
export const MESSAGE_SEPARATOR = '\n';

/** The stored message of a planned row: each problem on its own line, never run together. */
export function rowMessage(errors: readonly { message: string }[], fallback?: string): string | null {
  return errors.map((e) => e.message.replace(/\s*\n\s*/g, ' ')).join(MESSAGE_SEPARATOR) || fallback || null;
}

export function* reportRows(
  header: string[],
  rows: Iterable<JobRowInput & { cells: string[] | null }>,
  lang: ReportLanguage = 'en',
  userNames: ReadonlyMap<string, string> = new Map(),
): Generator<string[]> {
  const width = header.length;
  const words = WORDS[lang];
  yield [words.row, ...header, words.outcome, words.message, words.id, words.userName];
  for (const row of rows) {
    const cells = row.cells ?? [];
    const padded = Array.from({ length: width }, (_, i) => cells[i] ?? '');
    if (!row.cells) {
      // A user absent from the file: show who it is in the first columns.
      padded[0] = row.name;
      if (width > 1) padded[1] = row.email;
    }
    const created = row.outcome === 'created';
    yield [
      row.row === null ? '' : String(row.row),
      ...padded,
      OUTCOME_TEXT[lang][row.outcome],
      row.message ?? (row.outcome === 'in_flight' ? MAY_HAVE_BEEN_APPLIED[lang] : ''),
      (OUTCOME_TEXT.en[row.outcome] !== 'failed' && row.outcome !== 'invalid' && row.userId) || '',
      (created && row.userId && userNames.get(row.userId)) || '',
    ];
  }
}

/** The user names of the users an import created: few are read one by one, many from the whole list once. */
export async function createdUserNames(
  ids: readonly string[],
  directory: {
    getUser(id: string): Promise<{ userName: string } | undefined>;
    userPages(): AsyncGenerator<readonly { portatourId: string; userName: string }[]>;
  },
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!ids.length) return names;
  if (ids.length <= 50) {
    const users = await Promise.all(ids.map((id) => directory.getUser(id)));
    ids.forEach((id, i) => {
      const userName = users[i]?.userName;
      if (userName) names.set(id, userName);
    });
    return names;
  }
  const wanted = new Set(ids);
  for await (const page of directory.userPages())
    for (const user of page) if (wanted.has(user.portatourId)) names.set(user.portatourId, user.userName);
  return names;
}
