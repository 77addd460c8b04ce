import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../errors.ts';
import type { Services } from '../services.ts';

/**
 * While the server holds the embedded database, the CLI cannot open it; instead it asks the running server to
 * carry out the command. The server leaves a secret in its data folder (readable by its own user only) and
 * accepts commands on loopback with that secret.
 */
export interface ControlFile {
  pid: number;
  port: number;
  secret: string;
}

export const CONTROL_ROUTE = '/internal/cli';

export function controlFilePath(dataDir: string) {
  return path.join(dataDir, 'control.json');
}

export function writeControlFile(dataDir: string, port: number): ControlFile {
  const control = { pid: process.pid, port, secret: randomBytes(32).toString('hex') };
  fs.writeFileSync(controlFilePath(dataDir), JSON.stringify(control), { mode: 0o600 });
  process.once('exit', () => {
    try {
      fs.unlinkSync(controlFilePath(dataDir));
    } catch {
      // already gone
    }
  });
  return control;
}

export function readControlFile(dataDir: string): ControlFile | null {
  try {
    return JSON.parse(fs.readFileSync(controlFilePath(dataDir), 'utf8')) as ControlFile;
  } catch {
    return null;
  }
}

export function registerControlRoute(
  app: FastifyInstance,
  services: Services,
  secret: () => string | null,
  run: (argv: string[], services: Services, out: (line: string) => void) => Promise<void>,
) {
  app.post(CONTROL_ROUTE, { config: { access: 'public' } }, async (request, reply) => {
    const expected = secret();
    const given = String(request.headers['x-candour-control'] ?? '');
    const loopback = request.ip === '127.0.0.1' || request.ip === '::1' || request.ip === '::ffff:127.0.0.1';
    if (
      !expected ||
      !loopback ||
      given.length !== expected.length ||
      !timingSafeEqual(Buffer.from(given), Buffer.from(expected))
    ) {
      return reply.status(404).send({ error: 'not-found', message: 'Not found' });
    }
    const argv = (request.body as { argv?: unknown })?.argv;
    if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
      return reply.status(400).send({ error: 'bad-request', message: 'argv must be a list of strings' });
    }
    const lines: string[] = [];
    try {
      await run(argv, services, (line) => lines.push(line));
      return { ok: true, lines };
    } catch (error) {
      return reply.status(422).send({ ok: false, lines, message: refusal(error) });
    }
  });
}

/** What the operator is told when a command fails: each problem of a validation error, else its message. */
export function refusal(error: unknown): string {
  if (error instanceof ValidationError) return error.errors.map((e) => `${e.field}: ${e.message}`).join('\n');
  return (error as Error).message;
}
