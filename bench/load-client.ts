import { performance } from 'node:perf_hooks';
import { HttpClient, summarise, type Timing } from './measure.ts';

// The signed-in clients of the concurrent worklist test, in their own process so that the app's CPU per page
// is the app's alone. It signs each client in through the form, warms up, says 'ready', and on 'go' runs
// every client in a loop (one page at a time each) until the time is up, then sends the timings back.

export interface LoadSettings {
  baseUrl: string;
  email: string;
  password: string;
  clients: number;
  seconds: number;
  path: string;
}

export interface LoadResult {
  pages: number;
  seconds: number;
  timing: Timing;
  firstError: string | null;
}

async function run(settings: LoadSettings): Promise<void> {
  const clients = await Promise.all(
    Array.from({ length: settings.clients }, async () => {
      const client = new HttpClient(settings.baseUrl);
      await client.signIn(settings.email, settings.password);
      return client;
    }),
  );
  for (let i = 0; i < 3; i++) await Promise.all(clients.map((c) => c.getOk(settings.path)));
  process.send?.('ready');
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const until = started + settings.seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < until) {
        const at = performance.now();
        try {
          await client.getOk(settings.path);
          samples.push(performance.now() - at);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const result: LoadResult = {
    pages: samples.length,
    seconds,
    timing: summarise(samples, errors),
    firstError,
  };
  process.send?.(result, () => process.disconnect());
}

process.once('message', (message) => {
  run(message as LoadSettings).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
});
