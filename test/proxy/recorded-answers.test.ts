// The wizard's component tests run on answers recorded from this real proxy (test/fixtures/recorded/*.json),
// not on hand-typed ones. This test makes the same requests again: each live answer and each recorded one must
// parse with the proxy's schemas (shared/api), and both must have the same shape. When the answers change on
// purpose, record them again:  RECORD_ANSWERS=1 npx vitest run test/proxy/recorded-answers.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { importJobSchema } from '../../shared/api/job-schema.ts';
import { importPreviewSchema } from '../../shared/api/preview-schema.ts';
import { RECORDED_DIR } from '../fixtures/recorded/recorded-answers.ts';
import { parseAnswer, pollJob } from '../support/proxy-assertions.ts';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';

const recording = process.env.RECORD_ANSWERS === '1';

/** A workbook as an administrator edits it: one new user, one changed first name, a column nobody maps. */
function usersWorkbook(): Uint8Array {
  const sheet = XLSX.utils.aoa_to_sheet([
    ['Email', 'First name', 'Last name', 'Remarks'],
    ['nora.new@example.com', 'Nora', 'New', 'starts in March'],
    ['lukas.mueller@example.com', 'Luke', 'Müller', ''],
  ]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Users');
  return new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

/** Ids and times differ on every run; the recordings hold fixed ones so the wizard tests can name them. */
function normalized(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json), (key, value: unknown) => {
    if (key === 'id' && typeof value === 'string') return 'job-1';
    if (key === 'previewId' && typeof value === 'string') return 'preview-1';
    if (/At$/.test(key) && typeof value === 'string') return '2026-11-27T08:00:00.000Z';
    return value;
  });
}

/** Member names and value types, recursively: what must stay equal between a recording and a live answer. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, member]) => [key, shapeOf(member)]),
    );
  return value === null ? 'null' : typeof value;
}

function compareWithRecording(name: string, schema: z.ZodType, live: unknown): void {
  parseAnswer(schema, live, `live ${name}`);
  const file = join(RECORDED_DIR, `${name}.json`);
  if (recording || !existsSync(file)) {
    writeFileSync(file, JSON.stringify(normalized(live), null, 2) + '\n');
    return;
  }
  const recorded: unknown = JSON.parse(readFileSync(file, 'utf8'));
  parseAnswer(schema, recorded, `recorded ${name}`);
  expect(shapeOf(live), `${name}: the proxy's answer changed shape; record again`).toEqual(shapeOf(recorded));
}

const t = useProxyUnderTest();

/** Three new field users (rows 2–4) for a company with one license free. */
const THREE_NEW = [
  'First name,Last name,Email',
  'Nora,New,nora.new@example.com',
  'Otto,Other,otto.other@example.com',
  'Paula,Person,paula.person@example.com',
].join('\r\n');

async function previewOf(
  csv: string,
  extra: { settings?: Record<string, unknown>; overrides?: unknown[] } = {},
): Promise<unknown> {
  const response = await t.preview(
    { bytes: csv, name: 'users.csv' },
    {
      settings: { version: 1, ...extra.settings },
      parts: extra.overrides ? { overrides: JSON.stringify(extra.overrides) } : {},
    },
  );
  expect(response.status).toBe(200);
  return response.json();
}

describe('answers recorded for the wizard tests', () => {
  it('preview of a new user and a changed first name', async () => {
    const response = await t.preview({
      bytes: usersWorkbook(),
      name: 'users.xlsx',
    });
    expect(response.status).toBe(200);
    compareWithRecording('preview', importPreviewSchema, await response.json());
  });

  it('three new users for one free license, only the rows that fit, and then a skipped row as office staff', async () => {
    t.tenant.store.setLicenses('demo', 11);
    compareWithRecording('preview-license-shortage', importPreviewSchema, await previewOf(THREE_NEW));
    const settings = { skipRowsBeyondLicenses: true };
    compareWithRecording(
      'preview-rows-that-fit',
      importPreviewSchema,
      await previewOf(THREE_NEW, { settings }),
    );
    const overrides = [{ row: 3, field: 'hasOwnSchedule', value: 'No' }];
    compareWithRecording(
      'preview-skipped-as-office-staff',
      importPreviewSchema,
      await previewOf(THREE_NEW, { settings, overrides }),
    );
  });

  it('a note on a row that changes nothing: a postal code without its leading zero', async () => {
    // Katarzyna Nowak's postal code is 04107; Nora New is created, so the preview has a change too.
    const csv = [
      'First name,Last name,Email,Home postal code',
      'Katarzyna,Nowak,katarzyna.nowak@example.com,4107',
      'Nora,New,nora.new@example.com,',
    ].join('\r\n');
    compareWithRecording('preview-note-unchanged', importPreviewSchema, await previewOf(csv));
  });

  it('the started job (202) and the finished one', async () => {
    const response = await t.startImport(
      { bytes: usersWorkbook(), name: 'users.xlsx' },
      { query: { wait: 'false' } },
    );
    expect(response.status).toBe(202);
    compareWithRecording('job-started', importJobSchema, await response.json());
    const finished = await pollJob(t, response.headers.get('location') ?? '');
    expect(finished.status).toBe('succeeded');
    compareWithRecording('job-succeeded', importJobSchema, finished);
  });
});
