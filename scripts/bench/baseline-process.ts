// The baselines of contract §9, each in its own process so its time and memory are its own:
//   sheetjs-read <xlsx>   bare SheetJS `XLSX.read` + `sheet_to_json` of the file
//   papaparse <csv>       bare PapaParse of the file
//   sheetjs-write <xlsx>  SheetJS `aoa_to_sheet` + `write` of the rows of every sheet of the file
//   scim-read <url>       every user of the tenant whose SCIM /Users this is, as bare fetch + JSON.parse: the
//                         least a preview does besides reading its file (no baseline of contract §9; it shows
//                         how much of a preview's time the user API's answers alone take)
// Prints one JSON line `{seconds, peakRssMB, check}`; `check` (rows or bytes) shows the work was really done.
// Run: node --import tsx scripts/bench/baseline-process.ts <task> <file>
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { peakRssOf } from './child-process.ts';
import { BENCH_TOKEN } from './bench-users.ts';

const [task, file] = process.argv.slice(2);
if (!task || !file) {
  console.error('usage: baseline-process.ts sheetjs-read|papaparse|sheetjs-write <file> | scim-read <url>');
  process.exit(2);
}

let seconds: number;
let check: number;
if (task === 'sheetjs-read') {
  const started = performance.now();
  const workbook = XLSX.read(readFileSync(file));
  const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
  check = XLSX.utils.sheet_to_json(sheet).length;
  seconds = (performance.now() - started) / 1000;
} else if (task === 'papaparse') {
  const started = performance.now();
  check = Papa.parse(readFileSync(file, 'utf8')).data.length;
  seconds = (performance.now() - started) / 1000;
} else if (task === 'sheetjs-write') {
  // The same rows as the proxy wrote (all sheets, every cell text), read before the clock starts.
  const bytes = readFileSync(file);
  const names = readSpreadsheet(bytes, { maxRows: Number.MAX_SAFE_INTEGER }).sheetNames;
  const sheets = names.map((name) => ({
    name,
    rows: readSpreadsheet(bytes, { maxRows: Number.MAX_SAFE_INTEGER, sheet: name }).rows,
  }));
  const started = performance.now();
  const workbook = XLSX.utils.book_new();
  for (const sheet of sheets)
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(sheet.rows), sheet.name);
  const written = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  seconds = (performance.now() - started) / 1000;
  check = written.length;
} else if (task === 'scim-read') {
  const usersUrl = file;
  const PAGE = 1000;
  const page = (startIndex: number) =>
    fetch(`${usersUrl}?startIndex=${startIndex}&count=${PAGE}`, {
      headers: { authorization: `Bearer ${BENCH_TOKEN}` },
    }).then((response) => response.text());
  const started = performance.now();
  check = 0;
  // The next page is on its way while one is parsed, as a client that overlaps with the server would (the
  // stand-in sends the 1,000 asked for; the benchmark checks that every user was read).
  for (let startIndex = 1, pending = page(1); ;) {
    const text = await pending;
    startIndex += PAGE;
    pending = page(startIndex);
    const body = JSON.parse(text) as { totalResults: number; Resources?: unknown[] };
    check += body.Resources?.length ?? 0;
    if ((body.Resources?.length ?? 0) < PAGE || startIndex > body.totalResults) {
      await pending;
      break;
    }
  }
  seconds = (performance.now() - started) / 1000;
} else {
  console.error(`unknown task ${task}`);
  process.exit(2);
}
console.log(JSON.stringify({ seconds, peakRssMB: peakRssOf('self'), check }));
