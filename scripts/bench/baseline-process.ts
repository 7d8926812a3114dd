// The baselines of README.md#benchmarks, each in its own process so its time and memory are its own:
//   sheetjs-read <xlsx>   bare SheetJS `XLSX.read` + `sheet_to_json` of the file
//   papaparse <csv>       bare PapaParse of the file
//   sheetjs-write <xlsx>  SheetJS `aoa_to_sheet` + `write` of the rows of every sheet of the file
//   exceljs-stream-read <xlsx>   exceljs's streaming WorkbookReader, every row of the first sheet to an array
//   exceljs-stream-write <xlsx>  exceljs's streaming WorkbookWriter writing the rows of every sheet of the file
//   scim-bulk-create <scim base> [count] [size]  a bare SCIM client creating users with /Bulk requests
//   scim-read <url>       every user of the tenant whose SCIM /Users this is, as bare fetch + JSON.parse: the
//                         least a preview does besides reading its file (no baseline of README.md#benchmarks; it shows
//                         how much of a preview's time the user API's answers alone take)
// Prints one JSON line `{seconds, cpuSeconds, peakRssMB, check}`; `check` (rows or bytes) shows the work was really done.
// Run: node --import tsx scripts/bench/baseline-process.ts <task> <file>
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { peakRssOf } from './child-process.ts';
import { BENCH_TOKEN, BULK_TENANT, BULK_TOKEN, bulkCreate } from './bench-users.ts';

const [task, file] = process.argv.slice(2);
if (!task || !file) {
  console.error('usage: baseline-process.ts <task> <file or url> (see the comment at the top)');
  process.exit(2);
}

let seconds: number;
let check: number;
/** CPU time of this process from the clock's start: on a shared machine wall time alone says little. */
let cpuAtStart: NodeJS.CpuUsage = process.cpuUsage();
function startClock(): number {
  cpuAtStart = process.cpuUsage();
  return performance.now();
}
if (task === 'sheetjs-read') {
  const started = startClock();
  const workbook = XLSX.read(readFileSync(file));
  const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
  check = XLSX.utils.sheet_to_json(sheet).length;
  seconds = (performance.now() - started) / 1000;
} else if (task === 'papaparse') {
  const started = startClock();
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
  const started = startClock();
  const workbook = XLSX.utils.book_new();
  for (const sheet of sheets)
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(sheet.rows), sheet.name);
  const written = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  seconds = (performance.now() - started) / 1000;
  check = written.length;
} else if (task === 'exceljs-stream-read') {
  // The strongest streaming peer: exceljs's WorkbookReader, every row of the first sheet as an array of cells.
  const started = startClock();
  check = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      if (Array.isArray(row.values)) check++;
    }
    break;
  }
  seconds = (performance.now() - started) / 1000;
} else if (task === 'exceljs-stream-write') {
  // The same rows as the proxy wrote, streamed out by exceljs's WorkbookWriter (zip compression on, like ours).
  const bytes = readFileSync(file);
  const names = readSpreadsheet(bytes, { maxRows: Number.MAX_SAFE_INTEGER }).sheetNames;
  const sheets = names.map((name) => ({
    name,
    rows: readSpreadsheet(bytes, { maxRows: Number.MAX_SAFE_INTEGER, sheet: name }).rows,
  }));
  const output = `${file}.exceljs.xlsx`;
  const started = startClock();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: output, useSharedStrings: false });
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row).commit();
    worksheet.commit();
  }
  await workbook.commit();
  seconds = (performance.now() - started) / 1000;
  check = readFileSync(output).length;
} else if (task === 'scim-bulk-create') {
  // A bare SCIM client creating the create benchmark's users in an empty tenant of the same stand-in: /Bulk
  // requests of `size` operations, two in flight, as the proxy sends them. `file` is the SCIM base URL.
  const [count, size] = [Number(process.argv[4] ?? 10_000), Number(process.argv[5] ?? 500)];
  const batches: number[][] = [];
  for (let first = 0; first < count; first += size)
    batches.push(Array.from({ length: Math.min(size, count - first) }, (_, offset) => first + offset));
  const started = startClock();
  check = 0;
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const response = await bulkCreate(file, BULK_TOKEN, BULK_TENANT, batch);
      const body = (await response.json()) as { Operations?: { status: string | number }[] };
      check += (body.Operations ?? []).filter((result) => String(result.status) === '201').length;
    }
  };
  await Promise.all([worker(), worker()]);
  seconds = (performance.now() - started) / 1000;
} else if (task === 'scim-read') {
  const usersUrl = file;
  const PAGE = 1000;
  const page = (startIndex: number) =>
    fetch(`${usersUrl}?startIndex=${startIndex}&count=${PAGE}`, {
      headers: { authorization: `Bearer ${BENCH_TOKEN}` },
    }).then((response) => response.text());
  const started = startClock();
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
const cpu = process.cpuUsage(cpuAtStart);
console.log(
  JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMB: peakRssOf('self'), check }),
);
