// SheetJS, loaded on first use: it serves the rare formats (XLS, ODS, XLSB) and costs ~12 MB of the proxy's
// resident memory once loaded, so a proxy that only ever sees XLSX and CSV never pays for it.
import { createRequire } from 'node:module';
import type * as SheetJs from 'xlsx';

let loaded: typeof SheetJs | undefined;

export function sheetJs(): typeof SheetJs {
  loaded ??= createRequire(import.meta.url)('xlsx') as typeof SheetJs;
  return loaded;
}
