// Times our spreadsheet reader/writer against SheetJS (and PapaParse for CSV) on generated 100k × 19
// files (preview ≤ 0.7× SheetJS read + sheet_to_json, export ≤ 0.7× SheetJS aoa_to_sheet + write,
// peak RSS ≤ 250 MB). Each measurement runs in its own Node process so peak RSS is its own.
// Run: `npx tsx scripts/measure-spreadsheet.ts [rows]`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { readSpreadsheet } from '../proxy/spreadsheet/read-spreadsheet.ts';
import { writeCsv, writeXlsx } from '../proxy/spreadsheet/write-spreadsheet.ts';

const COLUMNS = 19;

/** A user list like an export (docs/api-guide.md#fields): mostly distinct texts, some repeated values. */
export function generateRows(count: number): string[][] {
  const header = Array.from({ length: COLUMNS }, (_, c) => `Column ${c + 1}`);
  const rows = [header];
  for (let i = 0; i < count; i++) {
    rows.push([
      `P${100000 + i}`,
      `First${i}`,
      `Last${i}`,
      `user${i}@example.com`,
      String(i).padStart(8, '0'),
      `user${i}`,
      `+49151${String(i).padStart(8, '0')}`,
      ['de', 'en', 'fr'][i % 3] as string,
      ['User', 'Supervisor', 'Administrator'][i % 3] as string,
      i % 7 === 0 ? 'No' : 'Yes',
      'Yes',
      `Group ${i % 20}, Sales`,
      i % 5 === 0 ? `A note for user ${i}` : '',
      `Street ${i % 300} ${i}`,
      String(10000 + (i % 89999)),
      ['Berlin', 'München', 'Köln', 'Zürich'][i % 4] as string,
      'DE',
      '2024-03-05T14:30:00Z',
      '',
    ]);
  }
  return rows;
}

type Task =
  | 'ours-read-xlsx'
  | 'sheetjs-read-xlsx'
  | 'ours-read-csv'
  | 'papaparse-csv'
  | 'ours-write-xlsx'
  | 'sheetjs-write-xlsx';

function runTask(task: Task, file: string, rows: number): void {
  const started = performance.now();
  let check = 0;
  if (task === 'ours-read-xlsx' || task === 'ours-read-csv') {
    check = readSpreadsheet(readFileSync(file), { maxRows: rows }).rows.length;
  } else if (task === 'sheetjs-read-xlsx') {
    const workbook = XLSX.read(readFileSync(file));
    const sheet = workbook.Sheets[workbook.SheetNames[0] as string] as XLSX.WorkSheet;
    check = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 }).length;
  } else if (task === 'papaparse-csv') {
    check = Papa.parse<string[]>(readFileSync(file, 'utf8')).data.length;
  } else {
    const data = generateRows(rows);
    const generated = performance.now();
    const bytes =
      task === 'ours-write-xlsx'
        ? writeXlsx([{ name: 'Users', rows: data }])
        : new Uint8Array(
            XLSX.write(
              { SheetNames: ['Users'], Sheets: { Users: XLSX.utils.aoa_to_sheet(data) } },
              { type: 'array', bookType: 'xlsx', compression: true },
            ) as ArrayBuffer,
          );
    check = bytes.length;
    const seconds = (performance.now() - generated) / 1000;
    console.log(JSON.stringify({ task, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, check }));
    return;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ task, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, check }));
}

function measure(task: Task, file: string, rows: number): { seconds: number; peakRssMB: number } {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--task', task, file, String(rows)],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(output.trim().split('\n').pop() as string) as { seconds: number; peakRssMB: number };
}

function main(): void {
  const taskIndex = process.argv.indexOf('--task');
  if (taskIndex !== -1) {
    const [task, file, rows] = process.argv.slice(taskIndex + 1);
    runTask(task as Task, file as string, Number(rows));
    return;
  }
  const rows = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'measure-spreadsheet-'));
  try {
    const data = generateRows(rows);
    const ourXlsx = join(dir, 'ours.xlsx');
    const sheetJsXlsx = join(dir, 'sheetjs.xlsx');
    const csv = join(dir, 'users.csv');
    writeFileSync(ourXlsx, writeXlsx([{ name: 'Users', rows: data }]));
    writeFileSync(
      sheetJsXlsx,
      XLSX.write(
        { SheetNames: ['Users'], Sheets: { Users: XLSX.utils.aoa_to_sheet(data) } },
        { type: 'buffer', bookType: 'xlsx', compression: true },
      ) as Buffer,
    );
    writeFileSync(csv, writeCsv(data, { delimiter: ';' }));
    const pairs: [string, Task, Task, string][] = [
      ['read xlsx (inline strings, ours)', 'ours-read-xlsx', 'sheetjs-read-xlsx', ourXlsx],
      ['read xlsx (shared strings, SheetJS-written)', 'ours-read-xlsx', 'sheetjs-read-xlsx', sheetJsXlsx],
      ['read csv', 'ours-read-csv', 'papaparse-csv', csv],
      ['write xlsx', 'ours-write-xlsx', 'sheetjs-write-xlsx', ''],
    ];
    for (const [name, ours, baseline, file] of pairs) {
      const a = measure(ours, file, rows);
      const b = measure(baseline, file, rows);
      console.log(
        JSON.stringify({
          name,
          rows,
          seconds: round(a.seconds),
          peakRssMB: Math.round(a.peakRssMB),
          baselineSeconds: round(b.seconds),
          baselinePeakRssMB: Math.round(b.peakRssMB),
          ratio: round(a.seconds / b.seconds),
        }),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
