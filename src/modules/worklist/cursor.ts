import { z } from 'zod';

/**
 * Where a worklist page starts or ends, by the sort key of a row: the worklist is ordered by
 * (next_due_on asc nulls last, received_on desc, id), so a page after or before that key is read from the
 * index however deep it is, where OFFSET would step over every row before it.
 */
export interface WorklistKey {
  nextDueOn: string | null;
  receivedOn: string;
  id: string;
}

/** A page after (or before) a row, and that page's number, which the pagination shows. */
export interface WorklistCursor {
  direction: 'after' | 'before';
  key: WorklistKey;
  page: number;
}

/** The deepest page number a cursor may carry: a page number is only shown, never used to find rows. */
export const MAX_CURSOR_PAGE = 1_000_000;

const MAX_CURSOR_LENGTH = 200;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Dates the database takes: a year 0 would pass as ISO but fail in PostgreSQL.
const isoDate = z.iso.date().refine((d) => d >= '1000-01-01', 'out of range');

// The wire form is short keys in JSON, in base64url: opaque to readers, checked field by field when read.
const cursorWireSchema = z.strictObject({
  d: z.enum(['a', 'b']),
  n: isoDate.nullable(),
  r: isoDate,
  i: z.string().regex(UUID),
  p: z.number().int().min(1).max(MAX_CURSOR_PAGE),
});

export function encodeCursor(cursor: WorklistCursor): string {
  const wire: z.input<typeof cursorWireSchema> = {
    d: cursor.direction === 'after' ? 'a' : 'b',
    n: cursor.key.nextDueOn,
    r: cursor.key.receivedOn,
    i: cursor.key.id,
    p: cursor.page,
  };
  return Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

/** Reads a cursor made by encodeCursor; anything else (tampered, truncated, from elsewhere) is null. */
export function decodeCursor(text: string): WorklistCursor | null {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const wire = cursorWireSchema.safeParse(json);
  if (!wire.success) return null;
  return {
    direction: wire.data.d === 'a' ? 'after' : 'before',
    key: { nextDueOn: wire.data.n, receivedOn: wire.data.r, id: wire.data.i },
    page: wire.data.p,
  };
}
