// A ListResponse read resource by resource from its bytes must give exactly what JSON.parse of the whole gives,
// whatever the envelope's order, white space and strings hold, and refuse what is not JSON.
import { describe, expect, it } from 'vitest';
import { parseListPage } from '../../proxy/user-api/scim-list-page.ts';

/** Every resource of the page, parsed. */
function read<T>(bytes: Buffer, latin1: boolean) {
  const page = parseListPage<T>(bytes, latin1);
  return {
    envelope: page.envelope,
    resources: Array.from({ length: page.count }, (_, i) => page.resource(i)),
  };
}

function both(text: string, latin1 = false) {
  const page = read<unknown>(Buffer.from(text, 'utf8'), latin1);
  const whole = JSON.parse(text) as Record<string, unknown>;
  const { Resources, ...envelope } = whole;
  return { page, envelope, resources: Array.isArray(Resources) ? Resources : [] };
}

/** The text's UTF-8 bytes starting `offset` bytes into their buffer (the scanner reads aligned 4-byte words). */
function bytesAt(text: string, offset: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const buffer = Buffer.alloc(bytes.length + 8);
  bytes.copy(buffer, offset);
  return buffer.subarray(offset, offset + bytes.length);
}

describe('parseListPage', () => {
  it('splits the resources of a page as JSON.parse of the whole would read them', () => {
    const resources = [
      { id: 'a', name: { givenName: 'Zoë', familyName: 'de "Vries"' }, note: '}],[{ \\ ' },
      { id: 'b', emails: [{ value: 'b@x.example', type: 'work' }], active: false, groups: [] },
      { id: 'c', nested: { deep: [[1, 2], { x: null }] }, text: '\u00e9\u{1F600}' },
    ];
    const text = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 3,
      startIndex: 1,
      itemsPerPage: 3,
      Resources: resources,
    });
    const { page, envelope } = both(text);
    expect(page.resources).toEqual(resources);
    expect(page.envelope).toEqual(envelope);
  });

  it('reads Resources first, last or with white space around, and non-object elements', () => {
    for (const text of [
      '{"Resources":[{"id":"1"},{"id":"2"}],"totalResults":2}',
      '{ "totalResults" : 2 ,\n  "Resources" :\n [ {"id":"1"} ,\n {"id":"2"}\n ] }',
      '{"totalResults":3,"Resources":[1, "two", [3]]}',
      '{"totalResults":0,"Resources":[]}',
      '{"totalResults":0,"Resources":[ ]}',
    ]) {
      const { page, envelope, resources } = both(text);
      expect(page.resources).toEqual(resources);
      expect(page.envelope).toEqual(envelope);
    }
  });

  it('does not take a nested or quoted "Resources" for the list', () => {
    for (const text of [
      '{"meta":{"Resources":[{"id":"x"}]},"totalResults":1,"Resources":[{"id":"1"}]}',
      '{"note":"Resources","totalResults":1,"Resources":[{"id":"1"}]}',
      '{"totalResults":0}',
      '{"totalResults":0,"Resources":null}',
    ]) {
      const { page, envelope, resources } = both(text);
      expect(page.resources).toEqual(resources);
      expect(page.envelope).toEqual(envelope);
    }
  });

  it('reads Latin-1 bytes as Latin-1: each character is one byte of the UTF-8', () => {
    const page = read<{ n: string }>(Buffer.from('{"Resources":[{"n":"ł"}]}', 'utf8'), true);
    expect(page.resources[0]!.n).toBe(Buffer.from('ł', 'utf8').toString('latin1'));
  });

  it('refuses what is not JSON', () => {
    for (const text of [
      '',
      '{"Resources":[{"id":"1"},]}',
      '{"Resources":[{"id":"1"},,{"id":"2"}]}',
      '{"Resources":[{"id":"1"}',
      '{"Resources":[{"id":"1}]}',
      '{"Resources":[{"id":"1"}]',
      '<html>',
    ]) {
      expect(() => read(Buffer.from(text), false), text).toThrow(SyntaxError);
    }
  });

  it('ends each string at its closing quote, after escaped quotes and runs of backslashes, wherever they fall', () => {
    const strings = [
      'a"b',
      '\\',
      '\\"',
      '\\\\"}',
      '"\\"\\',
      'x'.repeat(13) + '"',
      '\\'.repeat(7),
      '"'.repeat(9),
      '],[{"id":"fake"}',
      'Zoë "Ł" 😀 中村 \\ ',
      '',
    ];
    for (let shift = 0; shift < 4; shift++)
      for (const text of strings) {
        // Strings of every length around the 4-byte words: the special bytes at each position in a word.
        const padded = 'p'.repeat(shift) + text;
        const page = JSON.stringify({
          totalResults: 2,
          note: padded,
          Resources: [{ id: '1', note: padded, list: [padded, { deep: padded }] }, padded],
        });
        for (let offset = 0; offset < 4; offset++) {
          const read = parseListPage<unknown>(bytesAt(page, offset), false);
          const whole = JSON.parse(page) as { Resources: unknown[] };
          expect(read.count, `${text} at ${shift}/${offset}`).toBe(2);
          expect([read.resource(0), read.resource(1)]).toEqual(whole.Resources);
          expect(read.envelope.note).toBe(padded);
        }
      }
  });

  it('refuses a string that does not end, also when its last byte is a backslash, at any offset', () => {
    for (const text of [
      '{"Resources":[{"id":"1',
      '{"Resources":[{"id":"1\\',
      '{"Resources":[{"id":"1\\"}]}',
      '{"Resources":[{"id":"' + 'x'.repeat(21),
      '{"note":"abc',
      '"',
    ])
      for (let offset = 0; offset < 4; offset++)
        expect(() => read(bytesAt(text, offset), false), `${text} at ${offset}`).toThrow(SyntaxError);
  });

  it('reads a page without Resources, or with Resources that is no array, whole', () => {
    for (const text of [
      '{"totalResults":0}',
      '{"totalResults":1,"Resources":{"id":"1"}}',
      '{"Resources":"[]"}',
    ])
      for (let offset = 0; offset < 4; offset++) {
        const page = parseListPage<unknown>(bytesAt(text, offset), false);
        expect(page.count).toBe(0);
        const { Resources: _resources, ...envelope } = JSON.parse(text) as Record<string, unknown>;
        expect(page.envelope).toEqual(envelope);
      }
  });
});
