// A download button's life (idle → busy → done or one sentence why not), shared by the export, the import
// settings and the import report.
import { useState } from 'preact/hooks';
import type { Translate } from '../common/translate.ts';
import { downloadFromProxy, type ProxyAccess } from './proxy-download.ts';
import type { DownloadStatus } from './status-line.tsx';

export function useProxyDownload(
  access: ProxyAccess,
  t: Translate,
  save: (blob: Blob, fileName: string) => void,
): [
  DownloadStatus,
  (
    path: string,
    query: Record<string, string>,
    fallbackName: string,
    fileOf?: (response: Response) => Promise<Blob>,
  ) => Promise<void>,
  /** For a file the page made itself (no request), e.g. the settings of the import just run. */
  (status: DownloadStatus) => void,
] {
  const [status, setStatus] = useState<DownloadStatus>({ state: 'idle' });
  const download = async (
    path: string,
    query: Record<string, string>,
    fallbackName: string,
    fileOf?: (response: Response) => Promise<Blob>,
  ) => {
    setStatus({ state: 'busy' });
    const outcome = await downloadFromProxy(access, path, query, fallbackName, t, save, fileOf);
    setStatus(
      outcome.ok
        ? { state: 'done', fileName: outcome.fileName }
        : { state: 'failed', sentence: outcome.sentence },
    );
  };
  return [status, download, setStatus];
}
