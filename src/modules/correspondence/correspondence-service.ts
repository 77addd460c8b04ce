import { randomUUID } from 'node:crypto';
import type { AuditService } from '../../audit/audit-service.ts';
import { type Actor, can, type Permission } from '../../auth/roles.ts';
import type { CalendarService } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import type { AdjustmentRecord, ComplaintRow } from '../../db/schema.ts';
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  zodToFieldErrors,
} from '../../errors.ts';
import type { OutboxEntry, OutboxService } from '../../notifications/outbox-service.ts';
import { canReadComplaints } from '../cases/access.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { CaseUnitOfWork } from '../cases/unit-of-work.ts';
import { ACKNOWLEDGEMENT_LETTERS, acknowledgementLetterFor } from '../lifecycle/acknowledgement.ts';
import type { LifecycleService } from '../lifecycle/lifecycle-service.ts';
import { adjustmentRecords, adjustmentsAsked } from './adjustments.ts';
import { type CorrespondenceItem, CorrespondenceRepository } from './correspondence-repository.ts';
import {
  BODY_MAX,
  CORRESPONDENCE_CHANNEL_LABELS,
  type DateFields,
  dateFromFields,
  letterSchema,
  RECORDED_CHANNELS,
  recordedSchema,
  templateSchema,
} from './forms.ts';
import { letterRefusal } from './letter-availability.ts';
import {
  defaultLetter,
  isLetterKey,
  LETTER_KEYS,
  LETTER_KINDS,
  type LetterKey,
  type LetterText,
} from './letter-templates.ts';
import { letterValues } from './letter-values.ts';
import { type DeliveryChannel, deliveryFor, draftLetter, type LetterDraft } from './letters.ts';
import type { Placeholder } from './placeholders.ts';
import { sampleFacts } from './sample-letter.ts';
import {
  type LetterValues,
  placeholderErrors,
  renderSubject,
  renderTemplate,
  unfinishedErrors,
} from './template-renderer.ts';

export { type DeliveryChannel, deliveryFor, type LetterDraft, renderLetter } from './letters.ts';

declare module '../cases/events.ts' {
  interface CaseEventRegistry {
    'correspondence-sent': { templateKey: string; channel: string; adjustments?: AdjustmentRecord[] };
    'correspondence-recorded': { direction: string; channel: string };
  }
}

export interface TemplateSummary {
  key: LetterKey;
  name: string;
  description: string;
  customised: boolean;
  updatedAt: Date | null;
}

export interface TemplateDetail extends TemplateSummary {
  subject: string;
  body: string;
  updatedBy: string | null;
  defaults: LetterText;
}

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Letters and emails to the complainant, the record of every contact, the templates and the outbox view. */
export class CorrespondenceService {
  readonly repository: CorrespondenceRepository;

  constructor(
    readonly db: Db,
    readonly audit: AuditService,
    readonly outbox: OutboxService,
    readonly calendars: CalendarService,
    readonly cases: CaseService,
    readonly changes: CaseUnitOfWork,
    readonly lifecycle: LifecycleService,
  ) {
    this.repository = new CorrespondenceRepository(db);
  }

  // Letters for a case

  async preview(actor: Actor, reference: string, key: string): Promise<LetterDraft> {
    return (await this.draft(actor, reference, key)).draft;
  }

  /** The draft with the case it is for; opening a case for a letter is recorded like any other view. */
  async draft(
    actor: Actor,
    reference: string,
    key: string,
    options: { audit?: boolean } = {},
  ): Promise<{ draft: LetterDraft; complaint: ComplaintRow }> {
    assertCan(actor, 'correspondence:send');
    const letterKey = letterKeyOrThrow(key);
    const complaint = await this.cases.find(actor, reference);
    const refusal = letterRefusal(letterKey, complaint, this.cases.today());
    if (refusal) throw new ConflictError(refusal);
    const drafted = await this.draftFor(actor, letterKey, complaint);
    // The final response, once approved, is the approved text: it goes exactly as signed off.
    const approved = letterKey === 'final-response' ? await this.lifecycle.approvedResponse(complaint) : null;
    const draft = approved?.approvedBody
      ? { ...drafted, body: approved.approvedBody, missing: [], toComplete: false }
      : drafted;
    if (options.audit !== false) {
      await this.audit.record(actor, {
        action: 'complaint.correspondence.preview',
        entityType: 'complaint',
        entityId: complaint.reference,
        complaintId: complaint.id,
        detail: { templateKey: letterKey },
      });
    }
    return { draft, complaint };
  }

  private async draftFor(actor: Actor, key: LetterKey, complaint: ComplaintRow): Promise<LetterDraft> {
    const [org, { timescales }] = await Promise.all([
      this.repository.organisation(actor.organisationId),
      this.calendars.forOrganisation(actor.organisationId),
    ]);
    return draftLetter(this.repository, org, timescales, key, complaint, {
      today: this.cases.today(),
      senderName: actor.kind === 'user' ? actor.label : null,
    });
  }

  /**
   * Sends the letter as the sender finally wrote it. The record, the email in the outbox, the case event and
   * the audit entry commit together, so an email is never sent for a letter that was not recorded. Sending an
   * acknowledgement records the acknowledgement, dated the day it was sent; the final response goes exactly as
   * it was approved; each reasonable adjustment asked for is recorded as met, or why not.
   */
  async send(
    actor: Actor,
    reference: string,
    key: string,
    input: unknown,
  ): Promise<{
    id: string;
    channel: DeliveryChannel;
    outboxId: string | null;
    complaint: ComplaintRow;
    acknowledged: boolean;
  }> {
    assertCan(actor, 'correspondence:send');
    const letterKey = letterKeyOrThrow(key);
    const complaint = await this.cases.find(actor, reference);
    const raw = (input ?? {}) as Record<string, unknown>;
    const approved = letterKey === 'final-response' ? await this.lifecycle.approvedResponse(complaint) : null;
    // The approved final response is locked: the text sent is the text signed off.
    const letterInput = approved && raw.body === undefined ? { ...raw, body: approved.approvedBody } : raw;
    const parsed = letterSchema.safeParse(letterInput);
    const errors: FieldError[] = parsed.success ? [] : zodToFieldErrors(parsed.error.issues);
    for (const [field, label] of [
      ['subject', 'Subject'],
      ['body', 'The letter'],
    ] as const) {
      if (errors.some((e) => e.field === field)) continue;
      const value = letterInput[field];
      errors.push(...unfinishedErrors(field, label, typeof value === 'string' ? value : ''));
    }
    if (approved && parsed.success && parsed.data.body !== normalised(approved.approvedBody ?? '')) {
      errors.push({
        field: 'body',
        message:
          'The final response must be sent exactly as it was signed off. To change it, submit the changed ' +
          'response for sign-off again',
      });
    }
    const adjustments = adjustmentRecords(adjustmentsAsked(complaint.adjustments), raw.adjustments);
    errors.push(...adjustments.errors);
    if (!parsed.success || errors.length) throw new ValidationError(orderErrors(errors));
    const { subject, body } = parsed.data;
    const { channel, recipient } = chosenDelivery(complaint, raw.byPost);
    if (!recipient) {
      throw new ConflictError(
        channel === 'letter' && complaint.complainant_email
          ? 'There is no postal address for the complainant. Add one to the case before sending a letter.'
          : 'There is no email address or postal address for the complainant. Add one to the case before sending.',
      );
    }
    const id = randomUUID();
    const met = adjustments.records.length ? adjustments.records : undefined;
    const { result } = await this.changes.change(actor, reference, async (w) => {
      // Checked again with the case locked: it may have moved on since the letter was drafted.
      const refusal = letterRefusal(letterKey, w.complaint, w.today);
      if (refusal) throw new ConflictError(refusal);
      if (letterKey === 'final-response') {
        const locked = await this.lifecycle.approvedResponse(w.complaint, w.trx);
        if (locked?.id !== approved?.id) {
          throw new ConflictError('The response was changed while you were sending it. Check it again.');
        }
      }
      // Sending the signed-off final response (or recording it as posted) is what lets the case close.
      if (letterKey === 'final-response') w.set({ final_response_sent_on: w.today });
      const queued = channel === 'email' ? await w.send({ recipient, subject, body }) : null;
      await this.repository.insert(w.trx, {
        id,
        organisation_id: w.complaint.organisation_id,
        complaint_id: w.complaint.id,
        direction: 'outbound',
        template_key: letterKey,
        channel,
        recipient,
        subject,
        body,
        outbox_id: queued,
        created_by: actor.userId,
        adjustments: met ? JSON.stringify(met) : null,
      });
      w.event({
        type: 'correspondence-sent',
        detail: { templateKey: letterKey, channel, ...(met ? { adjustments: met } : {}) },
        occurredOn: w.today,
      });
      w.audit({
        action: 'complaint.correspondence.send',
        entityType: 'correspondence',
        entityId: id,
        detail: { templateKey: letterKey, channel, ...(met ? { adjustments: met } : {}) },
      });
      // "Acknowledged" means the complainant was told: the acknowledgement letter records it, dated today.
      const acknowledged = ACKNOWLEDGEMENT_LETTERS.includes(letterKey)
        ? await this.lifecycle.acknowledgeWithin(w, { occurredOn: w.today, how: channel })
        : false;
      return { queued, acknowledged };
    });
    return { id, channel, outboxId: result.queued, complaint, acknowledged: result.acknowledged };
  }

  /**
   * Records an acknowledgement given another way (a phone call, in person, a letter sent outside Candour):
   * the contact and the acknowledgement, dated the day they were told, in one change.
   */
  async acknowledgeOtherWay(
    actor: Actor,
    reference: string,
    input: { channel?: string; body?: string; date?: DateFields },
  ): Promise<void> {
    assertCan(actor, 'complaint:handle');
    const complaint = await this.cases.find(actor, reference);
    const errors: FieldError[] = [];
    const channel = (RECORDED_CHANNELS as readonly string[]).includes(input.channel ?? '')
      ? (input.channel as string)
      : null;
    if (!channel) errors.push({ field: 'channel', message: 'Select how you told them' });
    const date = contactDate(input.date ?? {}, complaint, this.cases.today(), 'the date you told them');
    if ('error' in date) errors.push({ field: 'date-day', message: date.error });
    const body = (input.body ?? '').replace(/\r\n/g, '\n').trim();
    if (!body) errors.push({ field: 'body', message: 'Enter what you told them' });
    else if (body.length > BODY_MAX) {
      errors.push({
        field: 'body',
        message: `What you told them must be ${BODY_MAX.toLocaleString('en-GB')} characters or fewer`,
      });
    }
    if (errors.length || !channel || 'error' in date) throw new ValidationError(orderErrors(errors));
    const key = acknowledgementLetterFor(complaint);
    const id = randomUUID();
    await this.changes.change(actor, reference, async (w) => {
      const told = await this.lifecycle.acknowledgeWithin(w, {
        occurredOn: date.date,
        how: channel,
        note: body,
      });
      if (!told)
        throw new ConflictError(
          'There is no acknowledgement to record: this complaint has already been acknowledged at this stage, or it is not waiting for one.',
        );
      await this.repository.insert(w.trx, {
        id,
        organisation_id: w.complaint.organisation_id,
        complaint_id: w.complaint.id,
        direction: 'outbound',
        template_key: key,
        channel,
        recipient: null,
        subject: `${LETTER_KINDS[key].name} (${CORRESPONDENCE_CHANNEL_LABELS[channel]?.toLowerCase()})`,
        body,
        outbox_id: null,
        created_by: actor.userId,
        ...(date.date === w.today ? {} : { created_at: new Date(`${date.date}T12:00:00Z`) }),
      });
      w.event({
        type: 'correspondence-recorded',
        detail: { direction: 'outbound', channel },
        occurredOn: date.date,
      });
      w.audit({
        action: 'complaint.correspondence.record',
        entityType: 'correspondence',
        entityId: id,
        detail: { direction: 'outbound', channel, templateKey: key },
      });
    });
  }

  // The record of contact

  async list(
    actor: Actor,
    reference: string,
    options: { audit?: boolean } = {},
  ): Promise<{ complaint: ComplaintRow; items: CorrespondenceItem[] }> {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    const complaint = await this.cases.find(actor, reference);
    const items = await this.repository.forComplaint(actor.organisationId, complaint.id);
    if (options.audit !== false) {
      await this.audit.record(actor, {
        action: 'complaint.correspondence.view',
        entityType: 'complaint',
        entityId: complaint.reference,
        complaintId: complaint.id,
      });
    }
    return { complaint, items };
  }

  async item(
    actor: Actor,
    reference: string,
    id: string,
  ): Promise<{ complaint: ComplaintRow; item: CorrespondenceItem; organisationName: string }> {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    if (!UUID.test(id)) throw new NotFoundError('Correspondence');
    const complaint = await this.cases.find(actor, reference);
    const [item, org] = await Promise.all([
      this.repository.item(actor.organisationId, complaint.id, id),
      this.repository.organisation(actor.organisationId),
    ]);
    if (!item) throw new NotFoundError('Correspondence');
    await this.audit.record(actor, {
      action: 'complaint.correspondence.view',
      entityType: 'correspondence',
      entityId: id,
      complaintId: complaint.id,
    });
    return { complaint, item, organisationName: org.name };
  }

  /** Records contact that happened outside Candour: a letter or email received, a call, a meeting. */
  async record(
    actor: Actor,
    reference: string,
    input: Record<string, unknown> & { date?: DateFields },
  ): Promise<string> {
    assertCan(actor, 'complaint:handle');
    const complaint = await this.cases.find(actor, reference);
    const parsed = recordedSchema.safeParse(input);
    const errors: FieldError[] = parsed.success ? [] : zodToFieldErrors(parsed.error.issues);
    const today = this.cases.today();
    const date = contactDate(input.date ?? {}, complaint, today, 'the date of the contact');
    if ('error' in date) errors.push({ field: 'date-day', message: date.error });
    if (!parsed.success || errors.length || 'error' in date) throw new ValidationError(orderErrors(errors));
    const { direction, channel, subject, body } = parsed.data;
    const id = randomUUID();
    await this.changes.change(actor, reference, async (w) => {
      await this.repository.insert(w.trx, {
        id,
        organisation_id: w.complaint.organisation_id,
        complaint_id: w.complaint.id,
        direction,
        template_key: null,
        channel,
        recipient: null,
        subject,
        body,
        outbox_id: null,
        created_by: actor.userId,
        // The list reads in the order contact happened; an earlier date sits at midday on that day.
        ...(date.date === today ? {} : { created_at: new Date(`${date.date}T12:00:00Z`) }),
      });
      w.event({ type: 'correspondence-recorded', detail: { direction, channel }, occurredOn: date.date });
      w.audit({
        action: 'complaint.correspondence.record',
        entityType: 'correspondence',
        entityId: id,
        detail: { direction, channel },
      });
    });
    return id;
  }

  // Templates

  async templates(actor: Actor): Promise<TemplateSummary[]> {
    assertCan(actor, 'templates:manage');
    const stored = await this.repository.templates(actor.organisationId);
    return LETTER_KEYS.map((key) => ({
      key,
      ...LETTER_KINDS[key],
      customised: stored.has(key),
      updatedAt: stored.get(key)?.updatedAt ?? null,
    }));
  }

  async template(actor: Actor, key: string): Promise<TemplateDetail> {
    assertCan(actor, 'templates:manage');
    const letterKey = letterKeyOrThrow(key, 'Template');
    const [org, stored] = await Promise.all([
      this.repository.organisation(actor.organisationId),
      this.repository.template(actor.organisationId, letterKey),
    ]);
    const defaults = defaultLetter(letterKey, org.preset);
    return {
      key: letterKey,
      ...LETTER_KINDS[letterKey],
      customised: stored !== null,
      updatedAt: stored?.updatedAt ?? null,
      updatedBy: stored?.updatedBy ?? null,
      subject: stored?.subject ?? defaults.subject,
      body: stored?.body ?? defaults.body,
      defaults,
    };
  }

  /** A template (saved or not) filled in for a made-up complaint, so its wording can be checked. */
  async previewTemplate(
    actor: Actor,
    key: string,
    input: unknown,
  ): Promise<{ subject: string; body: string; missing: Placeholder[] }> {
    assertCan(actor, 'templates:manage');
    letterKeyOrThrow(key, 'Template');
    const text = parseTemplate(input);
    const values = await this.sampleValues(actor);
    const subject = renderSubject(text.subject, values);
    const body = renderTemplate(text.body, values);
    return {
      subject: subject.text,
      body: body.text,
      missing: [...new Set([...subject.missing, ...body.missing])],
    };
  }

  async saveTemplate(actor: Actor, key: string, input: unknown): Promise<void> {
    assertCan(actor, 'templates:manage');
    const letterKey = letterKeyOrThrow(key, 'Template');
    const text = parseTemplate(input);
    await this.db.transaction().execute(async (trx) => {
      await this.repository.saveTemplate(
        trx,
        actor.organisationId,
        letterKey,
        text,
        actor.kind === 'user' ? actor.id : null,
      );
      await this.audit.record(
        actor,
        { action: 'template.update', entityType: 'letter-template', entityId: letterKey },
        trx,
      );
    });
  }

  async resetTemplate(actor: Actor, key: string): Promise<void> {
    assertCan(actor, 'templates:manage');
    const letterKey = letterKeyOrThrow(key, 'Template');
    await this.db.transaction().execute(async (trx) => {
      const removed = await this.repository.deleteTemplate(trx, actor.organisationId, letterKey);
      if (removed) {
        await this.audit.record(
          actor,
          { action: 'template.reset', entityType: 'letter-template', entityId: letterKey },
          trx,
        );
      }
    });
  }

  private async sampleValues(actor: Actor): Promise<LetterValues> {
    const [org, organisationCalendar] = await Promise.all([
      this.repository.organisation(actor.organisationId),
      this.calendars.forOrganisation(actor.organisationId),
    ]);
    return letterValues(sampleFacts(org, organisationCalendar, this.cases.today(), actor.label));
  }

  // The outbox, for administrators

  async outboxView(
    actor: Actor,
    status: string | null,
  ): Promise<{ counts: Record<OutboxStatus, number>; messages: OutboxEntry[]; status: OutboxStatus | null }> {
    assertCan(actor, 'outbox:manage');
    const filter = (OUTBOX_STATUSES as readonly string[]).includes(status ?? '')
      ? (status as OutboxStatus)
      : null;
    const [stored, messages] = await Promise.all([
      this.outbox.counts(actor.organisationId),
      this.outbox.list(actor.organisationId, filter, 100),
    ]);
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, stored[s] ?? 0])) as Record<
      OutboxStatus,
      number
    >;
    await this.audit.record(actor, {
      action: 'outbox.view',
      entityType: 'outbox',
      detail: { status: filter },
    });
    return { counts, messages, status: filter };
  }

  async retryMessage(actor: Actor, id: string): Promise<void> {
    assertCan(actor, 'outbox:manage');
    if (!UUID.test(id)) throw new NotFoundError('Message');
    await this.outbox.retry(actor, id);
  }
}

/** A contact's date from day, month and year boxes: a real date, not in the future, not before the complaint. */
function contactDate(
  fields: DateFields,
  complaint: ComplaintRow,
  today: string,
  what: string,
): { date: string } | { error: string } {
  const date = dateFromFields(fields, what);
  if ('error' in date) return date;
  if (date.date > today) return { error: 'The date cannot be in the future' };
  if (date.date < complaint.received_on) {
    return { error: 'The date cannot be before the complaint was received' };
  }
  return date;
}

/** Email or post: as the sender chose (byPost yes or no), or else as the complainant prefers. */
function chosenDelivery(
  complaint: ComplaintRow,
  byPost: unknown,
): { channel: DeliveryChannel; recipient: string | null } {
  if (byPost === 'yes' || byPost === true)
    return { channel: 'letter', recipient: complaint.complainant_address };
  if ((byPost === 'no' || byPost === false) && complaint.complainant_email) {
    return { channel: 'email', recipient: complaint.complainant_email };
  }
  return deliveryFor(complaint);
}

const normalised = (text: string) => text.replace(/\r\n/g, '\n').trim();

function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new ForbiddenError();
}

function letterKeyOrThrow(key: string, what = 'Letter template'): LetterKey {
  if (!isLetterKey(key)) throw new NotFoundError(what);
  return key;
}

function parseTemplate(input: unknown): LetterText {
  const parsed = templateSchema.safeParse(input);
  const errors: FieldError[] = parsed.success ? [] : zodToFieldErrors(parsed.error.issues);
  const raw = (input ?? {}) as Record<string, unknown>;
  for (const [field, label] of [
    ['subject', 'Subject'],
    ['body', 'Text'],
  ] as const) {
    const value = typeof raw[field] === 'string' ? (raw[field] as string) : '';
    if (!errors.some((e) => e.field === field)) errors.push(...placeholderErrors(field, label, value));
  }
  if (!parsed.success || errors.length) throw new ValidationError(orderErrors(errors));
  return parsed.data;
}

const FIELD_ORDER = ['direction', 'channel', 'date-day', 'subject', 'body'];

/** Errors in the order the fields appear on the page, as the error summary lists them. */
function orderErrors(errors: FieldError[]): FieldError[] {
  const rank = (f: string) => {
    const i = FIELD_ORDER.indexOf(f);
    return i === -1 ? FIELD_ORDER.length : i;
  };
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}
