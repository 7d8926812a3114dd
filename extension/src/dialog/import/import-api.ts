// The wizard's calls to the proxy (docs/api-guide.md#endpoints). The dialog is an extension page, so these fetches follow the
// host permissions, not the host page's CORS; the file goes straight from here to the proxy as multipart.
import type { ImportSettings } from '../../../../shared/import-settings.ts';
import { problemSentence, readProblem, type Problem } from '../../common/problem.ts';
import { authorizationHeaders, proxyEndpoint, tenantPath } from '../../common/proxy-request.ts';
import type { Language, Translate } from '../../common/translate.ts';
import type { ProxyAccess } from '../proxy-download.ts';
import type { CellCorrection, ImportJob, ImportPreview, SendAccessLinkAnswer } from './import-types.ts';

/** The proxy's default upload limit (docs/api-guide.md#endpoints `MAX_UPLOAD_MB`), checked before uploading. */
export const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; sentence: string; problem: Problem | null };

export interface Upload {
  file: File;
  settings: ImportSettings;
  corrections: readonly CellCorrection[];
  /** The import names the preview the administrator reviewed: users changed since then are not overwritten. */
  previewId?: string;
}

export interface ImportApi {
  preview(upload: Upload, page?: { offset: number; limit: number }): Promise<ApiResult<ImportPreview>>;
  start(upload: Upload): Promise<ApiResult<ImportJob>>;
  job(id: string): Promise<ApiResult<ImportJob>>;
  /** The running or most recent job; null when the company has not imported yet. */
  latest(): Promise<ApiResult<ImportJob | null>>;
  cancel(id: string): Promise<ApiResult<ImportJob>>;
  sendAccessLink(ids: readonly string[]): Promise<ApiResult<SendAccessLinkAnswer>>;
}

function uploadForm(upload: Upload): FormData {
  const form = new FormData();
  form.append('file', upload.file, upload.file.name);
  form.append('settings', JSON.stringify(upload.settings));
  if (upload.corrections.length) form.append('corrections', JSON.stringify(upload.corrections));
  if (upload.previewId) form.append('previewId', upload.previewId);
  return form;
}

export function createImportApi(access: ProxyAccess, t: Translate, language: Language = 'en'): ImportApi {
  const path = (rest: string) => tenantPath(access.tenantId, rest);
  // Row errors and warnings in the page's language (docs/api-guide.md#endpoints preview, `lang`).
  const messages: Record<string, string> = language === 'de' ? { lang: 'de' } : {};

  async function call<T>(
    rest: string,
    init: RequestInit = {},
    query: Record<string, string> = {},
  ): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await access.fetch(proxyEndpoint(access.proxyUrl, path(rest), query), {
        ...init,
        headers: { ...authorizationHeaders(access.token), ...(init.headers as Record<string, string>) },
      });
    } catch {
      return { ok: false, sentence: t('networkError', access.proxyUrl), problem: null };
    }
    if (!response.ok) {
      const problem = await readProblem(response);
      return { ok: false, sentence: problemSentence(problem, t), problem };
    }
    return { ok: true, value: (await response.json()) as T };
  }

  return {
    preview: (upload, page) =>
      call<ImportPreview>(
        '/imports/preview',
        { method: 'POST', body: uploadForm(upload) },
        page ? { ...messages, offset: String(page.offset), limit: String(page.limit) } : messages,
      ),
    start: (upload) => call<ImportJob>('/imports', { method: 'POST', body: uploadForm(upload) }, messages),
    job: (id) => call<ImportJob>(`/imports/${encodeURIComponent(id)}`),
    async latest() {
      const result = await call<ImportJob>('/imports/latest');
      if (!result.ok && result.problem?.status === 404) return { ok: true, value: null };
      return result;
    },
    cancel: (id) => call<ImportJob>(`/imports/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    sendAccessLink: (ids) =>
      call('/users/send-access-link', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ids }),
      }),
  };
}

/** "2.4 MB", "830 KB": the file size as people read it. */
export function formatFileSize(bytes: number, language: string): string {
  const format = (value: number, digits: number) =>
    value.toLocaleString(language, { maximumFractionDigits: digits });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024, 0)} KB`;
  return `${format(bytes / (1024 * 1024), 1)} MB`;
}
