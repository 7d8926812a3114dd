// The file name the proxy gives a download (docs/api-guide.md#endpoints answers are attachments).

/** `filename*=UTF-8''…` (RFC 6266/5987) wins over `filename="…"`; null when neither is usable. */
export function fileNameFromContentDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      return sanitizeFileName(decodeURIComponent(extended[2].trim()));
    } catch {
      // Malformed percent-encoding: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
  return name ? sanitizeFileName(name) : null;
}

/** No folders, no control characters: the browser gets a bare file name. */
function sanitizeFileName(name: string): string | null {
  const withoutControls = [...name].filter((char) => char > '\u001f' && char !== '\u007f').join('');
  const bare = withoutControls.split(/[\\/]/).pop()?.trim() ?? '';
  return bare && bare !== '.' && bare !== '..' ? bare : null;
}
