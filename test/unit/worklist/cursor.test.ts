import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, type WorklistCursor } from '../../../src/modules/worklist/cursor.ts';

const cursor: WorklistCursor = {
  direction: 'after',
  key: { nextDueOn: '2026-12-01', receivedOn: '2026-11-20', id: '0b6c0b7e-3f0a-4c1e-9d7a-6a1f2b3c4d5e' },
  page: 7,
};

const wire = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const good = { d: 'a', n: '2026-12-01', r: '2026-11-20', i: cursor.key.id, p: 7 };

describe('worklist cursors', () => {
  it('read back what they were made from, in either direction and with or without a next deadline', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const finished: WorklistCursor = {
      ...cursor,
      direction: 'before',
      key: { ...cursor.key, nextDueOn: null },
    };
    expect(decodeCursor(encodeCursor(finished))).toEqual(finished);
    expect(encodeCursor(cursor)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuse anything that is not exactly one of their own', () => {
    const refused: [string, string][] = [
      ['empty', ''],
      ['not base64url', 'abc$def'],
      ['padding', `${wire(good)}=`],
      ['not JSON', Buffer.from('{nope').toString('base64url')],
      ['JSON that is not an object', wire([1, 2])],
      ['a missing field', wire({ ...good, i: undefined })],
      ['an extra field', wire({ ...good, x: 1 })],
      ['an unknown direction', wire({ ...good, d: 'x' })],
      ['a date that does not exist', wire({ ...good, r: '2026-02-30' })],
      ['a year PostgreSQL refuses', wire({ ...good, n: '0000-01-01' })],
      ['a date with a time', wire({ ...good, r: '2026-11-20T00:00:00Z' })],
      ['an id that is not a UUID', wire({ ...good, i: "1' or '1'='1" })],
      ['page 0', wire({ ...good, p: 0 })],
      ['a fractional page', wire({ ...good, p: 1.5 })],
      ['a page as text', wire({ ...good, p: '7' })],
      ['too long', 'a'.repeat(201)],
    ];
    for (const [what, text] of refused) expect(decodeCursor(text), what).toBeNull();
  });
});
