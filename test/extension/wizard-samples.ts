// The proxy's answers for the wizard's unit and component tests: recorded from the real proxy
// (test/proxy/recorded-answers.test.ts keeps the recordings in step with it) and parsed with the same schemas
// the proxy's OpenAPI description is made of. A test changes only what its case needs.
import { importJobSchema } from '../../shared/api/job-schema.ts';
import { importPreviewSchema } from '../../shared/api/preview-schema.ts';
import type {
  ImportJob,
  ImportPreview,
  PlannedChange,
} from '../../extension/src/dialog/import/import-types.ts';
import { recordedAnswer, type RecordedName } from '../fixtures/recorded/recorded-answers.ts';
import { parseAnswer } from '../support/proxy-assertions.ts';

/** Users.xlsx: Nora New is created, Lukas Müller's first name becomes Luke, the column Remarks is ignored. */
const RECORDED_PREVIEW = parseAnswer(importPreviewSchema, recordedAnswer('preview'), 'recorded preview');
/** The same file's job as POST …/imports answered it (running), with the id job-1. */
const RECORDED_JOB = parseAnswer(importJobSchema, recordedAnswer('job-started'), 'recorded job');

export function samplePreview(overrides: Partial<ImportPreview> = {}): ImportPreview {
  return { ...structuredClone(RECORDED_PREVIEW), ...overrides };
}

/**
 * Other recorded previews: three new users for one free license (as they stand, with only the rows that fit,
 * and with the skipped row 3 as office staff), and a note on a row that changes nothing.
 */
export function recordedPreview(name: Extract<RecordedName, `preview-${string}`>): ImportPreview {
  return parseAnswer(importPreviewSchema, recordedAnswer(name), `recorded ${name}`);
}

/** A planned row shaped like the recorded ones. */
export function change(
  row: number,
  action: PlannedChange['action'],
  name: string,
  email: string,
  changes: PlannedChange['changes'] = [],
): PlannedChange {
  return { row, action, key: null, userId: null, name, email, changes, errors: [], warnings: [] };
}

export function sampleJob(overrides: Partial<ImportJob> = {}): ImportJob {
  return { ...structuredClone(RECORDED_JOB), ...overrides };
}
