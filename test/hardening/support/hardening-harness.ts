// Test support (not a test): the hostile-file corpus and the calls every hardening test makes — a file sent to
// the real proxy's preview AND import endpoints, and the proof that the user API saw no write.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HOSTILE_DIR } from '../../fixtures/make-hostile-fixtures.ts';
import type { ProxyUnderTest, UploadOptions } from '../../support/proxy-under-test.ts';
import { importPreviewSchema, type ImportPreview } from '../../../shared/api/preview-schema.ts';
import {
  expectProblem,
  parseAnswer,
  type JobBody,
  type ProblemBody,
  jobOfWaitAnswer,
} from '../../support/proxy-assertions.ts';

export const DEMO = '/api/v1/tenants/demo';

/** A committed file of test/fixtures/hostile/. */
export function hostile(name: string): { bytes: Uint8Array; name: string } {
  return { bytes: new Uint8Array(readFileSync(join(HOSTILE_DIR, name))), name };
}

export type PreviewBody = ImportPreview;

export async function preview(
  t: ProxyUnderTest,
  file: { bytes: Uint8Array | string; name: string },
  options: UploadOptions = {},
): Promise<PreviewBody> {
  const response = await t.preview(file, options);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return parseAnswer(importPreviewSchema, JSON.parse(text), 'preview');
}

export async function importWait(
  t: ProxyUnderTest,
  file: { bytes: Uint8Array | string; name: string },
  options: UploadOptions = {},
): Promise<JobBody> {
  return jobOfWaitAnswer(await t.startImport(file, options));
}

/**
 * The file is refused with the same problem by preview and by import, and the user API saw no write
 * (docs/import-semantics.md: an import writes nothing before its whole file has been read and validated).
 */
export async function expectRefusedEverywhere(
  t: ProxyUnderTest,
  file: { bytes: Uint8Array | string; name: string },
  status: number,
  type: string,
  options: UploadOptions = {},
): Promise<ProblemBody[]> {
  const writesBefore = (await t.stats()).writes;
  const usersBefore = t.tenant.store.listUsers('demo').length;
  const problems: ProblemBody[] = [];
  problems.push(await expectProblem(await t.preview(file, options), status, type));
  problems.push(await expectProblem(await t.startImport(file, options), status, type));
  expect((await t.stats()).writes - writesBefore, 'writes to the user API').toBe(0);
  expect(t.tenant.store.listUsers('demo')).toHaveLength(usersBefore);
  return problems;
}

/** Object.prototype is as it was: no key was added through a header, a value or a settings file. */
export function expectNoPrototypePollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PRISTINE_OBJECT_PROTOTYPE);
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

const PRISTINE_OBJECT_PROTOTYPE = Object.getOwnPropertyNames(Object.prototype).sort();
