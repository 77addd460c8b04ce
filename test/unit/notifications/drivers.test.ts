import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyDriver, SmtpDriver } from '../../../src/notifications/drivers.ts';

const message = {
  id: '6f1c2d3e-0000-4000-8000-000000000001',
  recipient: 'alex@example.com',
  subject: 'Your complaint CMP-2026-000001',
  body: 'Thank you for telling us.',
};
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

describe('GOV.UK Notify driver', () => {
  it('sends the subject and body as personalisation of the configured template, with a signed token', async () => {
    const requests: { url: string; auth: string; body: Record<string, unknown> }[] = [];
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (chunk) => {
        data += chunk;
      });
      req.on('end', () => {
        requests.push({
          url: req.url ?? '',
          auth: String(req.headers.authorization),
          body: JSON.parse(data),
        });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'notify-message-id' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    const port = (server.address() as AddressInfo).port;
    const key = 'candour_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    const driver = new NotifyDriver(key, 'template-123', `http://127.0.0.1:${port}`);
    const result = await driver.send(message);
    expect(result.providerRef).toBe('notify-message-id');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('/v2/notifications/email');
    expect(requests[0]?.auth).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(requests[0]?.body).toMatchObject({
      template_id: 'template-123',
      email_address: 'alex@example.com',
      personalisation: { subject: message.subject, body: message.body },
      reference: message.id,
    });
  });

  it('fails loudly when Notify refuses, so the outbox retries', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ error: 'BadRequestError', message: 'Template not found' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    const port = (server.address() as AddressInfo).port;
    const key = 'candour_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    await expect(
      new NotifyDriver(key, 'missing', `http://127.0.0.1:${port}`).send(message),
    ).rejects.toThrow();
  });
});

describe('SMTP driver', () => {
  it('delivers a plain-text email to the SMTP server', async () => {
    const received: string[] = [];
    // A minimal SMTP server: enough of the protocol for one message, on loopback only.
    const server = net.createServer((socket) => {
      let inData = false;
      let buffer = '';
      socket.write('220 localhost ESMTP test\r\n');
      socket.on('data', (chunk) => {
        buffer += chunk.toString();
        let index = buffer.indexOf('\r\n');
        while (index !== -1) {
          const line = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          if (inData) {
            if (line === '.') {
              inData = false;
              socket.write('250 OK: queued\r\n');
            } else received.push(line);
          } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 localhost\r\n');
          else if (/^DATA/i.test(line)) {
            inData = true;
            socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
          } else if (/^QUIT/i.test(line)) {
            socket.end('221 Bye\r\n');
          } else socket.write('250 OK\r\n');
          index = buffer.indexOf('\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    const port = (server.address() as AddressInfo).port;
    const driver = new SmtpDriver(
      `smtp://127.0.0.1:${port}?ignoreTLS=true`,
      'Complaints <complaints@example.org>',
    );
    const result = await driver.send(message);
    expect(result.providerRef).toBeTruthy();
    const text = received.join('\n');
    expect(text).toContain('To: alex@example.com');
    expect(text).toContain('Subject: Your complaint CMP-2026-000001');
    expect(text).toContain('Thank you for telling us.');
  });
});
