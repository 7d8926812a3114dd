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

  it('stops taking rows while its reader does not read, and goes on when it reads', async () => {
    // Text that deflates poorly, so that the output queue fills after a few pieces rather than the whole file.
    let seed = 1;
    const noise = () => {
      let text = '';
      for (let i = 0; i < 4; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += seed.toString(36);
      }
      return text;
    };
    const total = 200_000;
    let taken = 0;
    function* many(): Generator<string[]> {
      yield ['A', 'B', 'C', 'D'];
      for (; taken < total; taken++) yield [noise(), noise(), noise(), noise()];
    }
    const stream = streamXlsx([{ name: 'Users', rows: many() }]);
    // The writer waits for the reader once the output queue is full: the rows taken stop growing.
    let seen = -1;
    while (seen !== taken) {
      seen = taken;
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(taken).toBeLessThan(total / 2);
    const file = await collect(stream);
    expect(taken).toBe(total);
    expect(readSpreadsheet(file, { maxRows: total + 1 }).rows).toHaveLength(total + 1);
  }, 60_000);

  it('stops taking rows when its reader cancels (a dropped download)', async () => {
    let finished!: () => void;
    const stopped = new Promise<void>((resolve) => (finished = resolve));
    async function* endless(): AsyncGenerator<string[]> {
      try {
        yield ['Email'];
        for (let i = 0; ; i++) {
          if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
          yield [`user.${i}.${'x'.repeat(i % 97)}@example.com`];
        }
      } finally {
        finished();
      }
    }
    const reader = streamXlsx([{ name: 'Users', rows: endless() }]).getReader();
    await reader.read();
    await reader.cancel();
    await stopped;
  });

  it('stops taking batches of rows when its reader cancels, as the export passes its users', async () => {
    let finished!: () => void;
    const stopped = new Promise<void>((resolve) => (finished = resolve));
    async function* endlessPages(): AsyncGenerator<string[][]> {
      try {
        for (let page = 0; ; page++) {
          await new Promise((resolve) => setImmediate(resolve));
          yield Array.from({ length: 100 }, (_, i) => [
            `user.${page}.${i}.${'x'.repeat(i % 97)}@example.com`,
          ]);
        }
      } finally {
        finished();
      }
    }
    const reader = streamXlsx([{ name: 'Users', rows: [['Email']], batches: endlessPages() }]).getReader();
    await reader.read();
    await reader.cancel();
    await stopped;
  });
});
