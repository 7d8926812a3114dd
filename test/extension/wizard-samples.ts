// Answers shaped like the proxy's (contract §4, proxy/import/prepare-plan.ts) for the wizard's unit and
// component tests.
import type {
  ImportJob,
  ImportPreview,
  PlannedChange,
} from '../../extension/src/dialog/import/import-types.ts';

export function samplePreview(overrides: Partial<ImportPreview> = {}): ImportPreview {
  return {
    file: {
      name: 'users.xlsx',
      format: 'xlsx',
      sheetNames: ['Users'],
      sheetName: 'Users',
      encoding: null,
      delimiter: null,
      headerRow: 1,
      dataRows: 2,
    },
    summary: { rows: 2, create: 1, update: 1, deactivate: 0, unchanged: 0, invalid: 0, skipped: 0 },
    matchBy: 'auto',
    columns: [
      {
        index: 0,
        header: 'Email',
        field: 'email',
        matchedBy: 'name',
        samples: ['paula.new@example.com', 'lukas.mueller@example.com'],
      },
      { index: 1, header: 'First name', field: 'firstName', matchedBy: 'name', samples: ['Paula', 'Luke'] },
      { index: 2, header: 'Last name', field: 'lastName', matchedBy: 'name', samples: ['New', 'Müller'] },
      { index: 3, header: 'Remarks', field: null, matchedBy: 'none', samples: [] },
    ],
    warnings: [],
    errors: [],
    licenses: {
      total: 25,
      usedBefore: 10,
      usedAfter: 11,
      needed: 1,
      free: 15,
      deactivatedWithSchedule: 1,
      exceeded: false,
    },
    scheduleDeletions: [],
    missingDeactivations: 0,
    blockers: [],
    canImport: true,
    changesTotal: 2,
    changes: [
      change(2, 'create', 'Nora New', 'nora@example.com', [
        { field: 'firstName', from: null, to: 'Nora' },
        { field: 'language', from: null, to: 'de' },
      ]),
      change(3, 'update', 'Lukas Müller', 'lukas@example.com', [
        { field: 'firstName', from: 'Lukas', to: 'Luke' },
      ]),
    ],
    ...overrides,
  };
}

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
  return {
    id: 'job-1',
    status: 'running',
    progress: { total: 4, done: 1, failed: 0 },
    summary: { rows: 4, create: 3, update: 1, deactivate: 0, unchanged: 0, invalid: 0, skipped: 0 },
    fileName: 'users.xlsx',
    message: null,
    createdUserIds: [],
    startedAt: '2026-11-27T08:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}
