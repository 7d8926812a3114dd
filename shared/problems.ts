// Problem types of the proxy API (docs/api-guide.md#endpoints). Every error answer is RFC 9457 problem+json whose `type`
// ends with one of these names.
import type { RowErrorBody } from './api/problem-schema.ts';

export const PROBLEM_TYPES = {
  unauthorized: { status: 401, title: 'Not signed in' },
  forbidden: { status: 403, title: 'Not an administrator of this company' },
  'not-found': { status: 404, title: 'Not found' },
  'host-system-connected': { status: 409, title: 'Users are synchronized from a connected CRM' },
  'single-license': { status: 409, title: 'Import and export need at least 2 licenses' },
  'import-running': { status: 409, title: 'An import of this company is already running' },
  'preview-expired': { status: 409, title: 'The preview named by the import is no longer kept' },
  'file-too-large': { status: 413, title: 'The file is too large' },
  'unreadable-file': { status: 400, title: 'The file cannot be read' },
  'too-many-rows': { status: 413, title: 'The file has too many rows' },
  'invalid-settings': { status: 400, title: 'The import settings are invalid' },
  'invalid-request': { status: 400, title: 'The request is invalid' },
  'invalid-rows': { status: 422, title: 'Some rows are invalid' },
  'license-limit': { status: 409, title: 'Not enough free licenses' },
  'confirmation-required': { status: 422, title: 'Deleting schedule data needs confirmation' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'import-partially-failed': { status: 422, title: 'Some rows of the import were not applied' },
  'import-cancelled': { status: 409, title: 'The import was cancelled' },
  'import-failed': { status: 502, title: 'The import stopped before it finished' },
  'upload-timeout': { status: 408, title: 'The upload stopped or was too slow' },
  'server-busy': { status: 503, title: 'Too many uploads at once' },
  'upstream-unavailable': { status: 502, title: 'The user API is not reachable' },
  'shutting-down': { status: 503, title: 'This proxy instance is shutting down' },
  'internal-error': { status: 500, title: 'Unexpected error' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const PROBLEM_TYPE_BASE = 'urn:portatour:problem:';

/** A refused cell or row; its shape is the API's (shared/api/problem-schema.ts). */
export type RowError = RowErrorBody;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: RowError[];
  [extension: string]: unknown;
}
