// One error shape (RFC 9457 problem+json), thrown as ProblemError and rendered by the app's onError.
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  PROBLEM_TYPES,
  PROBLEM_TYPE_BASE,
  type Problem,
  type ProblemType,
  type RowError,
} from '../shared/problems.ts';

export class ProblemError extends HTTPException {
  readonly problem: Problem;

  constructor(
    type: ProblemType,
    detail: string,
    extensions: {
      errors?: RowError[];
      status?: number;
      headers?: Record<string, string>;
      /** For the log only, never in the answer (e.g. what the user API said). */
      upstreamDetail?: string;
      [key: string]: unknown;
    } = {},
  ) {
    const { status = PROBLEM_TYPES[type].status, headers, upstreamDetail, ...rest } = extensions;
    super(status as ContentfulStatusCode, { message: detail });
    this.problem = {
      type: PROBLEM_TYPE_BASE + type,
      title: PROBLEM_TYPES[type].title,
      status,
      detail,
      ...rest,
    };
    this.headers = headers;
    this.upstreamDetail = upstreamDetail;
  }

  readonly headers: Record<string, string> | undefined;
  readonly upstreamDetail: string | undefined;
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}
