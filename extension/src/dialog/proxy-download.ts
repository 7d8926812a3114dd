// Downloads a file from the proxy and saves it under the server's name. The dialog page is an
// extension page, so this fetch is bound by the host permissions, not by the host page's CORS.
import { problemSentence, readProblem } from '../common/problem.ts';
import { authorizationHeaders, proxyEndpoint } from '../common/proxy-request.ts';
import type { Translate } from '../common/translate.ts';
import { fileNameFromContentDisposition } from './content-disposition.ts';

export interface ProxyAccess {
  proxyUrl: string;
  tenantId: string;
  token: string | null;
  fetch: typeof fetch;
}

export type DownloadOutcome = { ok: true; fileName: string } | { ok: false; sentence: string };

export async function downloadFromProxy(
  access: ProxyAccess,
  path: string,
  query: Record<string, string>,
  fallbackName: string,
  t: Translate,
  save: (blob: Blob, fileName: string) => void,
  /** Turns the answer into the file to save (e.g. the import settings, indented); default: as it came. */
  fileOf: (response: Response) => Promise<Blob> = (response) => response.blob(),
): Promise<DownloadOutcome> {
  let response: Response;
  try {
    response = await access.fetch(proxyEndpoint(access.proxyUrl, path, query), {
      headers: authorizationHeaders(access.token),
    });
  } catch {
    return { ok: false, sentence: t('networkError', access.proxyUrl) };
  }
  if (!response.ok) return { ok: false, sentence: problemSentence(await readProblem(response), t) };
  const fileName =
    fileNameFromContentDisposition(response.headers.get('content-disposition')) ?? fallbackName;
  save(await fileOf(response), fileName);
  return { ok: true, fileName };
}

/** Saves a blob through a temporary `<a download>`, which needs no "downloads" permission. */
export function saveBlob(document: Document, blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
