// The ways out of a license shortage over real HTTP against the stand-in: "Has own schedule" overrides travel
// beside the file (multipart `overrides`), every new user as office staff and only the rows that fit are settings.
// The preview and the import plan the same, and the stand-in's licenses afterwards are what the preview said.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { proxyClient } from '../support/proxy-client.ts';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';
import {
  expectProblem,
  jobOfWaitAnswer,
  readAnswer,
  readPreview,
  readReport,
} from '../support/proxy-assertions.ts';

const t = useProxyUnderTest();

/** 22 new field users for the demo company, which has 15 of its 25 licenses free. */
const NEW_PEOPLE = Array.from({ length: 22 }, (_, i) => `New${i + 1},Person,new${i + 1}@example.com`);
const CSV = ['First name,Last name,Email', ...NEW_PEOPLE].join('\r\n');
/** Rows 17–23 (the last seven people) as office staff. */
const SEVEN_OFFICE_STAFF = Array.from({ length: 7 }, (_, i) => ({
  row: 17 + i,
  field: 'hasOwnSchedule',
  value: 'No',
}));

interface Extra {
  /** Sent as JSON text; a string is sent as it is. */
  overrides?: unknown;
  settings?: Record<string, unknown>;
}

/** The upload of CSV with its settings, and the overrides when given. */
function upload(extra: Extra) {
  const file = { bytes: CSV, name: 'new-people.csv' };
  const settings = { version: 1, ...extra.settings };
  const { overrides } = extra;
  const parts =
    overrides === undefined
      ? {}
      : { overrides: typeof overrides === 'string' ? overrides : JSON.stringify(overrides) };
  return { file, options: { settings, parts } };
}

const previewOf = (extra: Extra = {}) => {
  const { file, options } = upload(extra);
  return t.preview(file, options);
};
const importOf = (extra: Extra = {}) => {
  const { file, options } = upload(extra);
  return t.startImport(file, options);
};

function licensedUsers(): number {
  return t.tenant.store.getTenant('demo')!.licensedUsers;
}

function newUsers() {
  return t.tenant.store.listUsers('demo').filter((user) => user.email.startsWith('new'));
}

describe('a license shortage', () => {
  it('without a way out: 22 needed, 15 free, and the import is refused', async () => {
    const preview = await readPreview(await previewOf());
    expect(preview.licenses).toMatchObject({ needed: 22, free: 15, exceeded: true, skipped: 0 });
    expect(preview.blockers.map((b) => b.type)).toEqual(['urn:portatour:problem:license-limit']);
    await expectProblem(await importOf(), 409, 'license-limit');
    expect(newUsers()).toEqual([]);
  });

  it('chosen rows as office staff: the preview fits, and the import creates exactly what it showed', async () => {
    const extra = { overrides: SEVEN_OFFICE_STAFF };
    const preview = await readPreview(await previewOf(extra));
    expect(preview.licenses).toMatchObject({ needed: 15, free: 15, usedAfter: 25, exceeded: false });
    expect(preview.canImport).toBe(true);
    const row17 = preview.changes.find((change) => change.row === 17);
    expect(row17?.changes).toContainEqual({ field: 'hasOwnSchedule', from: null, to: false });

    const job = await jobOfWaitAnswer(await importOf(extra));
    expect(job.summary).toEqual(preview.summary);
    expect(job.results).toMatchObject({ created: 22, failed: 0 });
    expect(licensedUsers()).toBe(25);
    const office = newUsers()
      .filter((user) => !user.hasOwnSchedule)
      .map((user) => user.email);
    expect(office.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `new${i + 16}@example.com`).sort());
  });

  it('every new user as office staff: nobody of them takes a license', async () => {
    const extra = { settings: { newUsersAsOfficeStaff: true } };
    const preview = await readPreview(await previewOf(extra));
    expect(preview.licenses).toMatchObject({ needed: 0, usedAfter: 10, exceeded: false });
    const job = await jobOfWaitAnswer(await importOf(extra));
    expect(job.summary).toEqual(preview.summary);
    expect(licensedUsers()).toBe(10);
    expect(newUsers()).toHaveLength(22);
    expect(newUsers().every((user) => !user.hasOwnSchedule)).toBe(true);
  });

  it('only the rows that fit: the first 15 are created, the other 7 reported skipped, not attempted', async () => {
    const extra = { settings: { skipRowsBeyondLicenses: true } };
    const preview = await readPreview(await previewOf(extra));
    expect(preview.summary).toMatchObject({ create: 15, skipped: 7 });
    expect(preview.licenses).toMatchObject({ needed: 15, exceeded: false, skipped: 7 });
    expect(preview.changes.filter((c) => c.action === 'skipped').map((c) => c.row)).toEqual([
      17, 18, 19, 20, 21, 22, 23,
    ]);

    const job = await jobOfWaitAnswer(await importOf(extra));
    expect(job.summary).toEqual(preview.summary);
    expect(job.results).toMatchObject({ created: 15, skipped: 7, failed: 0 });
    expect(licensedUsers()).toBe(25);
    expect(
      newUsers()
        .map((user) => user.email)
        .sort(),
    ).toEqual(Array.from({ length: 15 }, (_, i) => `new${i + 1}@example.com`).sort());
    const report = await readReport(t, 'demo', job.id);
    const row17 = report.find((row) => row.row === '17');
    expect(row17?.outcome).toBe('skipped');
    expect(row17?.message).toMatch(/^Not attempted: no license is free for this user/);
  });

  it('an override and only the rows that fit together: the office staff row needs none, one more fits', async () => {
    const extra = {
      overrides: [{ row: 2, field: 'hasOwnSchedule', value: 'Nein' }],
      settings: { skipRowsBeyondLicenses: true },
    };
    const preview = await readPreview(await previewOf(extra));
    expect(preview.summary).toMatchObject({ create: 16, skipped: 6 });
    const job = await jobOfWaitAnswer(await importOf(extra));
    expect(job.summary).toEqual(preview.summary);
    expect(licensedUsers()).toBe(25);
  });

  it('a row skipped for want of a license comes in as office staff when an override says so', async () => {
    const settings = { skipRowsBeyondLicenses: true };
    const fit = await readPreview(await previewOf({ settings }));
    const row20 = fit.changes.find((change) => change.row === 20);
    expect(row20).toMatchObject({ action: 'skipped', skipReason: 'no-license', userId: null });

    const extra = { settings, overrides: [{ row: 20, field: 'hasOwnSchedule', value: 'No' }] };
    const preview = await readPreview(await previewOf(extra));
    expect(preview.summary).toMatchObject({ create: 16, skipped: 6 });
    expect(preview.licenses).toMatchObject({ needed: 15, usedAfter: 25, exceeded: false, skipped: 6 });
    const office = preview.changes.find((change) => change.row === 20);
    expect(office?.action).toBe('create');
    expect(office?.skipReason).toBeUndefined();
    expect(office?.changes).toContainEqual({ field: 'hasOwnSchedule', from: null, to: false });

    const job = await jobOfWaitAnswer(await importOf(extra));
    expect(job.summary).toEqual(preview.summary);
    expect(licensedUsers()).toBe(25);
    expect(newUsers().find((user) => user.email === 'new19@example.com')?.hasOwnSchedule).toBe(false);
  });
});

describe('the refusal in words', () => {
  it('counts in the singular where there is one, and names the ways out', async () => {
    t.tenant.store.setLicenses('demo', 11);
    const problem = await expectProblem(await importOf(), 409, 'license-limit');
    expect(problem.detail).toContain(
      'The import needs 22 more licenses for users with own schedule, but only 1 of 11 is free.',
    );
    // The demo company's one deactivated field user.
    expect(problem.detail).toContain('1 deactivated user with own schedule still holds a license;');
    expect(problem.detail).toContain('skipRowsBeyondLicenses');
  });
});

describe('bad overrides', () => {
  it.each([
    ['the header row', [{ row: 1, field: 'hasOwnSchedule', value: 'No' }], 1, 'not-a-data-row'],
    ['a row beyond the sheet', [{ row: 40, field: 'hasOwnSchedule', value: 'No' }], 40, 'not-a-data-row'],
    [
      'a value that is not Yes or No',
      [{ row: 3, field: 'hasOwnSchedule', value: 'maybe' }],
      3,
      'invalid-value',
    ],
    [
      'one row twice',
      [
        { row: 3, field: 'hasOwnSchedule', value: 'No' },
        { row: 3, field: 'hasOwnSchedule', value: 'Yes' },
      ],
      3,
      'duplicate-override',
    ],
  ])('refuses %s with 400, naming the row and the column', async (_case, overrides, row, code) => {
    const problem = await expectProblem(await previewOf({ overrides }), 400, 'invalid-request');
    expect(problem.errors).toEqual([
      expect.objectContaining({ row, column: 'Has own schedule', field: 'hasOwnSchedule', code }),
    ]);
    expect(problem.detail).toContain(`row ${row}, column Has own schedule`);
  });

  it.each([
    ['not JSON', '[{row: 3', 'not JSON'],
    [
      'a field that cannot be overridden',
      [{ row: 3, field: 'email', value: 'x@example.com' }],
      'override 1 (row 3), field',
    ],
    ['no list', { row: 3 }, 'overrides'],
  ])('refuses %s with a sentence that says where', async (_case, overrides, where) => {
    const problem = await expectProblem(await previewOf({ overrides }), 400, 'invalid-request');
    expect(problem.detail).toContain(where);
  });

  it('refuses a bad override on import before anything is written', async () => {
    const overrides = [{ row: 3, field: 'hasOwnSchedule', value: 'maybe' }];
    await expectProblem(await importOf({ overrides }), 400, 'invalid-request');
    expect(newUsers()).toEqual([]);
  });
});

describe('the API description', () => {
  it('describes the overrides field of the upload and the two settings', async () => {
    // The OpenAPI document is served beside the API, outside the typed route tree.
    const response = await t.fetch('/openapi.json', { token: null });
    const text = await response.text();
    const spec = JSON.parse(text) as {
      paths: Record<
        string,
        {
          post?: {
            requestBody?: {
              content: Record<
                string,
                {
                  schema: {
                    properties: Record<
                      string,
                      { contentSchema?: { items?: { properties?: Record<string, unknown> } } }
                    >;
                  };
                }
              >;
            };
          };
        }
      >;
    };
    const upload =
      spec.paths['/api/v1/tenants/{tenant}/imports/preview']?.post?.requestBody?.content[
        'multipart/form-data'
      ]?.schema;
    expect(Object.keys(upload?.properties.overrides?.contentSchema?.items?.properties ?? {})).toEqual([
      'row',
      'field',
      'value',
    ]);
    const schema = await readAnswer(
      await proxyClient(t.proxy.url, null).api.v1['import-settings.schema.json'].$get(),
      200,
      z.looseObject({ properties: z.record(z.string(), z.unknown()) }),
    );
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['newUsersAsOfficeStaff', 'skipRowsBeyondLicenses']),
    );
  });
});
