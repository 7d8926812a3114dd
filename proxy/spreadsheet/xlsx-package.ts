// The parts of an XLSX package around its sheets (ECMA-376 Part 2): relationships, the workbook's list of sheets,
// the cell styles' number formats, and reading a part's XML in slices or whole.
import { builtinNumberFormat, parseNumberFormat, type NumberFormat } from './cell-text.ts';
import { damagedFile } from './spreadsheet-error.ts';
import { XmlScanner, decodeXmlText, type XmlHandler } from './xml-scanner.ts';
import type { ZipArchive, ZipEntry } from './zip-archive.ts';

export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  path: string;
}

export interface Relationship {
  type: string;
  target: string;
}

export const damaged = (part: string): Error =>
  damagedFile(`The file is damaged (its ${part} cannot be read).`);

/** Inflates and tokenizes a part chunk by chunk; XML errors become unreadable-file. */
export function streamXml(zip: ZipArchive, entry: ZipEntry, handler: XmlHandler, part: string): void {
  const scanner = new XmlScanner(handler);
  try {
    zip.stream(entry, (chunk) => scanner.write(chunk));
    scanner.end();
  } catch (error) {
    if (error instanceof SyntaxError) throw damaged(part);
    throw error;
  }
}

export function officeDocumentPath(zip: ZipArchive): string {
  const rels = readRelationships(zip, '_rels/.rels');
  for (const relationship of rels.values()) {
    if (relationship.type.endsWith('/officeDocument')) return resolvePath('', relationship.target);
  }
  return 'xl/workbook.xml';
}

export function relationshipsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target relative to the part that holds the relationship. */
export function resolvePath(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

/** Parses a small part completely with the scanner. */
export function parseSmallXml(bytes: Uint8Array, handler: XmlHandler, part: string): void {
  try {
    const scanner = new XmlScanner(handler);
    scanner.write(bytes);
    scanner.end();
  } catch (error) {
    if (error instanceof SyntaxError) throw damaged(part);
    throw error;
  }
}

export function readRelationships(zip: ZipArchive, path: string): Map<string, Relationship> {
  const result = new Map<string, Relationship>();
  const entry = zip.find(path);
  if (!entry) return result;
  parseSmallXml(
    zip.read(entry),
    {
      open(name, attributes) {
        if (name !== 'Relationship') return;
        const id = attributes.get('Id');
        const target = attributes.get('Target');
        if (id === undefined || target === undefined) return;
        if (attributes.get('TargetMode') === 'External') return; // external links are never followed
        result.set(id, { type: attributes.get('Type') ?? '', target: decodeXmlText(target, false) });
      },
      close() {},
      text() {},
    },
    'relationships',
  );
  return result;
}

export function readWorkbook(
  xml: Uint8Array,
  relationships: Map<string, Relationship>,
  workbookPath: string,
): { sheets: WorkbookSheet[]; date1904: boolean } {
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  parseSmallXml(
    xml,
    {
      open(name, attributes) {
        if (name === 'workbookPr') {
          const value = attributes.get('date1904');
          date1904 = value === '1' || value === 'true';
        } else if (name === 'sheet') {
          const relationship = relationships.get(attributes.get('id') ?? '');
          // Chart sheets and dialog sheets hold no cells; only worksheets are offered.
          if (!relationship || !relationship.type.endsWith('/worksheet')) return;
          const state = attributes.get('state');
          sheets.push({
            name: decodeXmlText(attributes.get('name') ?? '', false),
            hidden: state === 'hidden' || state === 'veryHidden',
            path: resolvePath(workbookPath, relationship.target),
          });
        }
      },
      close() {},
      text() {},
    },
    'workbook',
  );
  return { sheets, date1904 };
}

/** The number format of every cell style (`s` attribute = index into `cellXfs`). */
export function readStyles(xml: Uint8Array): NumberFormat[] {
  const custom = new Map<number, NumberFormat>();
  const formats: NumberFormat[] = [];
  let inCellXfs = false;
  parseSmallXml(
    xml,
    {
      open(name, attributes) {
        if (name === 'numFmt') {
          const id = Number(attributes.get('numFmtId'));
          custom.set(id, parseNumberFormat(decodeXmlText(attributes.get('formatCode') ?? '', false)));
        } else if (name === 'cellXfs') {
          inCellXfs = true;
        } else if (name === 'xf' && inCellXfs) {
          const id = Number(attributes.get('numFmtId') ?? 0);
          formats.push(custom.get(id) ?? builtinNumberFormat(id));
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text() {},
    },
    'styles',
  );
  return formats;
}
