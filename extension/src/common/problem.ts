// RFC 9457 problem details, the proxy's one error shape (docs/api-guide.md#endpoints), turned into one sentence.
import type { Translate } from './translate.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Extension member of host-system-connected problems: which CRM. */
  hostSystem?: unknown;
}

/** `urn:portatour:problem:single-license` or `…/problems/single-license` → `single-license`. */
export function problemName(problem: Problem): string {
  return problem.type.split(/[:/]/).pop() ?? '';
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.title === 'string' && typeof candidate.status === 'number';
}

/** The problem in a failed response, or a generic one naming the status when the body is not one. */
export async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = { type: 'about:blank', title: response.statusText, status: response.status };
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return fallback;
  try {
    const body: unknown = await response.json();
    return isProblem(body)
      ? { ...body, type: typeof body.type === 'string' ? body.type : 'about:blank' }
      : fallback;
  } catch {
    return fallback;
  }
}

/** One clear sentence: the problem's detail, else its title, else "answered with error N". */
export function problemSentence(problem: Problem, t: Translate): string {
  const text = problem.detail?.trim() || problem.title?.trim();
  if (!text) return t('httpError', String(problem.status));
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
