// A preview's record of the users' versions as it is stored: one "id TAB version" line per user, deflated. The
// lines are written as UTF-8 bytes while the users stream through the preview and deflated on the zlib thread
// pool a 64 KB piece at a time, so a preview of 100,000 users neither keeps a Map of 100,000 strings until it
// answers (~10 MB) nor joins and deflates them all after its last user (~0.2 s its answer waited).
import { promisify } from 'node:util';
import { createDeflateRaw, inflateRaw, type DeflateRaw } from 'node:zlib';

const PIECE_BYTES = 64 * 1024;
const inflate = promisify(inflateRaw);
/** An id or version with one of these (no server seen sends one) is left out: that user is then written as without a preview. */
const SEPARATORS = /[\t\n]/;

export class VersionLines {
  private deflater: DeflateRaw | undefined;
  private readonly deflated: Buffer[] = [];
  private failure: Error | undefined;
  private piece = Buffer.allocUnsafe(PIECE_BYTES);
  private at = 0;
  /** Lines written so far. */
  count = 0;

  static of(versions: Iterable<readonly [string, string]>): VersionLines {
    const lines = new VersionLines();
    for (const [id, version] of versions) lines.add(id, version);
    return lines;
  }

  add(id: string, version: string): void {
    if (SEPARATORS.test(id) || SEPARATORS.test(version)) return;
    // At most 3 bytes a UTF-16 unit, plus the tab and the line break.
    const most = 3 * (id.length + version.length) + 2;
    if (this.at + most > this.piece.length) {
      this.flush();
      if (most > this.piece.length) this.piece = Buffer.allocUnsafe(most);
    }
    if (this.count > 0) this.piece[this.at++] = 0x0a;
    this.at += this.piece.write(id, this.at, 'utf8');
    this.piece[this.at++] = 0x09;
    this.at += this.piece.write(version, this.at, 'utf8');
    this.count++;
  }

  /** The lines deflated (raw deflate), as base64: what the store keeps. */
  async encoded(): Promise<string> {
    this.flush();
    const deflater = this.stream();
    await new Promise<void>((resolve, reject) => {
      deflater.once('end', resolve);
      deflater.once('error', reject);
      deflater.end();
    });
    if (this.failure) throw this.failure;
    return Buffer.concat(this.deflated).toString('base64');
  }

  private flush(): void {
    if (this.at === 0) return;
    // The piece goes to the thread pool as it is; the next lines go into a new one.
    this.stream().write(this.piece.subarray(0, this.at));
    this.piece = Buffer.allocUnsafe(PIECE_BYTES);
    this.at = 0;
  }

  private stream(): DeflateRaw {
    if (!this.deflater) {
      this.deflater = createDeflateRaw();
      this.deflater.on('data', (chunk: Buffer) => this.deflated.push(chunk));
      this.deflater.on('error', (error: Error) => (this.failure = error));
    }
    return this.deflater;
  }
}

/** What `encoded` gave back as the map of id → version (a later line of the same id wins). */
export async function decodeVersionLines(stored: string): Promise<Map<string, string>> {
  const text = (await inflate(Buffer.from(stored, 'base64'))).toString('utf8');
  const versions = new Map<string, string>();
  if (!text) return versions;
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    versions.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return versions;
}
