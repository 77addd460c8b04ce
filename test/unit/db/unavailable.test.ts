import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../src/db/database.ts';

const withCode = (code: string, message = 'x', extra: object = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('telling an unavailable database from a faulty query', () => {
  it.each([
    ['nothing listening', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a unix socket that is not there', withCode('ENOENT', 'connect ENOENT', { syscall: 'connect' })],
    [
      'a restart ending the connection',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['a server shutting down or starting up', withCode('57P03', 'the database system is starting up')],
    ['a connection exception', withCode('08006', 'connection failure')],
    ['too many connections', withCode('53300', 'sorry, too many clients already')],
    ['a full disk', withCode('53100', 'could not extend file: No space left on device')],
    ['a read-only standby', withCode('25006', 'cannot execute INSERT in a read-only transaction')],
    ['a connection that ended', new Error('Connection terminated unexpectedly')],
    ['no pooled connection within the time-out', new Error('timeout exceeded when trying to connect')],
    [
      'a wrapped cause',
      new Error('Migration failed', { cause: new Error('Connection terminated due to connection timeout') }),
    ],
  ])('unavailable: %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', withCode('42601', 'syntax error at or near "selec"')],
    ['a missing file that is not a connection', withCode('ENOENT', 'no such file', { syscall: 'open' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'ECONNREFUSED'],
  ])('not unavailable: %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
