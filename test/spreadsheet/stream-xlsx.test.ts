// streamXlsx (exports written while the user API sends its pages) gives the same workbook as writeXlsx.
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { streamXlsx, writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';

const rows = [
  ['Email', 'First name', 'Mobile phone'],
  ...Array.from({ length: 2500 }, (_, i) => [
    `user.${i}@example.com`,
    `=Name ${i}`,
    `+4915112${String(i).padStart(5, '0')}`,
  ]),
];

async function* arriving(all: string[][], pageSize: number): AsyncGenerator<string[]> {
  for (let i = 0; i < all.length; i += pageSize) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield* all.slice(i, i + pageSize);
  }
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('streamXlsx', () => {
  it('writes the same sheets as writeXlsx while the rows arrive page by page', async () => {
    const streamed = await collect(
      streamXlsx([
        { name: 'Users', rows: arriving(rows, 1000) },
        { name: 'Field info', rows: [['Column'], ['Email']] },
      ]),
    );
    const written = writeXlsx([
      { name: 'Users', rows },
      { name: 'Field info', rows: [['Column'], ['Email']] },
    ]);
    const fromStream = readSpreadsheet(streamed, { maxRows: 10_000 });
    expect(fromStream.sheetNames).toEqual(['Users', 'Field info']);
    expect(fromStream.rows).toEqual(readSpreadsheet(written, { maxRows: 10_000 }).rows);
    expect(fromStream.rows).toEqual(rows);
  });

  it('writes rows that arrive in batches after the first rows, as the export passes pages of users', async () => {
    async function* batches(): AsyncGenerator<string[][]> {
      for (let i = 1; i < rows.length; i += 700) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield rows.slice(i, i + 700);
      }
    }
    const streamed = await collect(streamXlsx([{ name: 'Users', rows: [rows[0]!], batches: batches() }]));
    expect(readSpreadsheet(streamed, { maxRows: 10_000 }).rows).toEqual(rows);
  });

  it('errors the stream when the rows fail mid-way, instead of ending a truncated file as if complete', async () => {
    async function* failing(): AsyncGenerator<string[]> {
      yield ['Email'];
      yield ['a@example.com'];
      throw new Error('the user API stopped answering');
    }
    await expect(collect(streamXlsx([{ name: 'Users', rows: failing() }]))).rejects.toThrow(
      /stopped answering/,
    );
  });
});
