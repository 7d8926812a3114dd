import { ERROR_MESSAGE } from './scim-uris.ts';

/** The `scimType` values of RFC 7644 §3.12, table 9. */
export type ScimErrorType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export interface ScimErrorBody {
  schemas: [typeof ERROR_MESSAGE];
  status: string;
  scimType?: ScimErrorType;
  detail: string;
}

/**
 * Every refusal of the stand-in tenant, from the store up to the routes. The app's `onError` renders it
 * as the SCIM error message of RFC 7644 §3.12 (`status` is a string there, as in the RFC's examples).
 */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimErrorType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  toBody(): ScimErrorBody {
    return {
      schemas: [ERROR_MESSAGE],
      status: String(this.status),
      ...(this.scimType === undefined ? {} : { scimType: this.scimType }),
      detail: this.detail,
    };
  }
}

export function invalidValue(detail: string): ScimError {
  return new ScimError(400, detail, 'invalidValue');
}

export function notFound(detail: string): ScimError {
  return new ScimError(404, detail);
}
