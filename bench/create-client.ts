import { runCreateLoops } from './create-rate.ts';

// The API clients of the create test, in their own process (see createThroughApiInChild): it receives its
// settings over IPC, runs the loops and sends the results back.

interface Settings {
  baseUrl: string;
  token: string;
  clients: number;
  seconds: number;
  maxCreates: number;
}

process.once('message', async (message) => {
  const options = message as Settings;
  const result = await runCreateLoops({
    clients: options.clients,
    seconds: options.seconds,
    maxCreates: options.maxCreates,
    create: async (body) => {
      const response = await fetch(`${options.baseUrl}/api/v1/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 201)
        return { reference: null, error: `${response.status} ${text.slice(0, 200)}` };
      return { reference: (JSON.parse(text) as { reference?: string }).reference ?? null };
    },
  });
  process.send?.(result, () => process.disconnect());
});
