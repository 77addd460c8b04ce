import nodemailer, { type Transporter } from 'nodemailer';
import { NotifyClient } from 'notifications-node-client';
import type { Config } from '../config.ts';

export interface OutgoingEmail {
  id: string;
  recipient: string;
  subject: string;
  body: string;
}

export interface NotificationDriver {
  readonly name: 'log' | 'notify' | 'smtp' | string;
  send(message: OutgoingEmail): Promise<{ providerRef: string | null }>;
}

interface Logger {
  info(obj: object, msg?: string): void;
}

/** The default: nothing leaves the machine. Logs the message id and size only, never the recipient or text. */
export class LogDriver implements NotificationDriver {
  readonly name = 'log';
  readonly sent: OutgoingEmail[] = [];
  constructor(
    private readonly logger: Logger | null,
    private readonly keep = 100,
  ) {}
  async send(message: OutgoingEmail) {
    this.sent.push(message);
    if (this.sent.length > this.keep) this.sent.shift();
    this.logger?.info(
      { outboxId: message.id, bodyLength: message.body.length },
      'email recorded by the log driver',
    );
    return { providerRef: null };
  }
}

/**
 * GOV.UK Notify sends through a template; we use one whose subject is ((subject)) and body ((body)), so the
 * organisation's own letter templates stay in Candour.
 */
export class NotifyDriver implements NotificationDriver {
  readonly name = 'notify';
  private readonly client: NotifyClient;
  constructor(
    apiKey: string,
    private readonly templateId: string,
    /** Only for tests against a local stand-in; production uses Notify's own address. */
    baseUrl?: string,
  ) {
    this.client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  }
  async send(message: OutgoingEmail) {
    const response = await this.client.sendEmail(this.templateId, message.recipient, {
      personalisation: { subject: message.subject, body: message.body },
      reference: message.id,
    });
    return { providerRef: (response.data as { id?: string }).id ?? null };
  }
}

export class SmtpDriver implements NotificationDriver {
  readonly name = 'smtp';
  private readonly transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }
  async send(message: OutgoingEmail) {
    const info = await this.transport.sendMail({
      from: this.from,
      to: message.recipient,
      subject: message.subject,
      text: message.body,
    });
    return { providerRef: info.messageId ?? null };
  }
}

export function driverFromConfig(config: Config, logger: Logger | null): NotificationDriver {
  const n = config.notifications;
  if (n.driver === 'notify' && n.notifyApiKey) {
    if (!n.notifyEmailTemplateId) throw new Error('NOTIFY_EMAIL_TEMPLATE_ID is required with NOTIFY_API_KEY');
    return new NotifyDriver(n.notifyApiKey, n.notifyEmailTemplateId);
  }
  if (n.driver === 'smtp' && n.smtpUrl) return new SmtpDriver(n.smtpUrl, n.smtpFrom);
  return new LogDriver(logger);
}
