import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditAction, AuditService } from '../../audit/audit-service.ts';
import { type Actor, can, type Permission } from '../../auth/roles.ts';
import type { Db } from '../../db/database.ts';
import type { ComplaintRow, DB } from '../../db/schema.ts';
import { isIsoDate } from '../../domain/calendar/index.ts';
import { ISSUE_OUTCOMES } from '../../domain/lifecycle/index.ts';
import { ForbiddenError, NotFoundError, ValidationError, zodToFieldErrors } from '../../errors.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { NewCaseEvent } from '../cases/events.ts';
import type { CaseUnitOfWork } from '../cases/unit-of-work.ts';
import { safeFilename, sniffAttachment } from './attachment-policy.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const REMEDY_KINDS = [
  'apology',
  'explanation',
  'financial-redress',
  'service-change',
  'other',
] as const;
export const REMEDY_LABELS: Record<(typeof REMEDY_KINDS)[number], string> = {
  apology: 'Apology',
  explanation: 'Explanation',
  'financial-redress': 'Financial redress',
  'service-change': 'Change to a service',
  other: 'Other',
};
export const HANDLER_ROLES = ['complaints-handler', 'complaints-manager', 'administrator'] as const;
export const INVESTIGATOR_ROLES = ['investigator', 'complaints-handler', 'complaints-manager'] as const;

const text = (label: string, max: number) =>
  z
    .string({ message: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${capitalise(label)} must be ${max.toLocaleString('en-GB')} characters or fewer`);

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const optionalUuid = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => v || null)
    .refine((v) => v === null || z.string().uuid().safeParse(v).success, message);

const schemas = {
  note: z.object({ body: text('the note', 10_000) }),
  issue: z.object({
    summary: text('a summary of the issue', 1000),
    serviceId: optionalUuid('Select a service from the list'),
  }),
  issueOutcome: z.object({
    outcome: z.enum(ISSUE_OUTCOMES, { message: 'Select the outcome for this issue' }),
    findings: text('the findings', 20_000),
  }),
  remedy: z.object({
    kind: z.enum(REMEDY_KINDS, { message: 'Select the kind of remedy' }),
    description: text('a description of the remedy', 5000),
    issueId: optionalUuid('Select an issue from the list'),
    amount: z
      .string()
      .trim()
      .optional()
      .nullable()
      .transform((v) => v || null)
      .refine(
        (v) => v === null || /^\d{1,7}(\.\d{1,2})?$/.test(v.replace(/[£,]/g, '')),
        'Enter the amount in pounds, like 150 or 150.00',
      ),
  }),
  colleague: z.object({
    name: text('the colleague’s name', 200),
    jobTitle: z
      .string()
      .trim()
      .max(200, 'Job title must be 200 characters or fewer')
      .optional()
      .nullable()
      .transform((v) => v || null),
    involvement: text('how they were involved', 2000),
    informedOn: z
      .string()
      .trim()
      .optional()
      .nullable()
      .transform((v) => v || null)
      .refine((v) => v === null || isIsoDate(v), 'Date they were told must be a real date'),
  }),
  assignment: z.object({
    handlerId: optionalUuid('Select a handler from the list'),
    investigatorId: optionalUuid('Select an investigator from the list'),
  }),
};

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new ValidationError(zodToFieldErrors(result.error.issues));
  return result.data;
}

declare module '../cases/events.ts' {
  interface CaseEventRegistry {
    assigned: { handlerId: string | null; investigatorId: string | null };
    'note-added': { noteId: string };
    'issue-added': { issueId: string };
    'issue-outcome': { issueId: string; outcome: string };
    'remedy-added': { remedyId: string; kind: string; amountPence: number | null };
    'colleague-added': { colleagueId: string };
    'attachment-added': { attachmentId: string; mediaType: string };
  }
}

/** The parts of a case record around its lifecycle: people, notes, issues, remedies, colleagues, evidence. */
export class CaseRecordService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly changes: CaseUnitOfWork,
    private readonly audit: AuditService,
  ) {}

  private check(actor: Actor, permission: Permission): void {
    if (!can(actor.role, permission)) throw new ForbiddenError();
  }

  /** A change to the case record: the case locked, the change, its timeline event and audit entry together. */
  private async change(
    actor: Actor,
    reference: string,
    event: () => NewCaseEvent,
    audit: { action: AuditAction; entityType: string; entityId: string },
    write: (trx: Transaction<DB>, complaint: ComplaintRow) => Promise<unknown>,
  ): Promise<void> {
    await this.changes.change(actor, reference, async (w) => {
      await write(w.trx, w.complaint);
      w.event(event());
      w.audit(audit);
    });
  }

  async assign(actor: Actor, reference: string, input: unknown): Promise<void> {
    this.check(actor, 'complaint:assign');
    const value = parse(schemas.assignment, input);
    const errors = [];
    for (const [field, id, roles] of [
      ['handlerId', value.handlerId, HANDLER_ROLES],
      ['investigatorId', value.investigatorId, INVESTIGATOR_ROLES],
    ] as const) {
      if (!id) continue;
      const user = await this.db
        .selectFrom('users')
        .select(['id', 'role'])
        .where('organisation_id', '=', actor.organisationId)
        .where('id', '=', id)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!user || !(roles as readonly string[]).includes(user.role)) {
        errors.push({
          field,
          message:
            field === 'handlerId' ? 'Select a handler from the list' : 'Select an investigator from the list',
        });
      }
    }
    if (errors.length) throw new ValidationError(errors);
    await this.changes.change(actor, reference, async (w) => {
      w.set({ handler_id: value.handlerId, investigator_id: value.investigatorId });
      w.event({
        type: 'assigned',
        detail: { handlerId: value.handlerId, investigatorId: value.investigatorId },
        occurredOn: w.today,
      });
      w.audit({ action: 'complaint.assign', entityType: 'complaint', entityId: reference });
    });
  }

  async addNote(actor: Actor, reference: string, input: unknown): Promise<void> {
    this.check(actor, 'complaint:note');
    const { body } = parse(schemas.note, input);
    const id = randomUUID();
    await this.change(
      actor,
      reference,
      () => ({ type: 'note-added', detail: { noteId: id }, occurredOn: this.cases.today() }),
      { action: 'complaint.note.add', entityType: 'note', entityId: id },
      async (trx, complaint) => {
        await trx
          .insertInto('complaint_notes')
          .values({
            id,
            organisation_id: complaint.organisation_id,
            complaint_id: complaint.id,
            author_id: actor.userId,
            body,
          })
          .execute();
      },
    );
  }

  async addIssue(actor: Actor, reference: string, input: unknown): Promise<string> {
    this.check(actor, 'complaint:record-outcome');
    const value = parse(schemas.issue, input);
    await this.checkService(actor, value.serviceId);
    const id = randomUUID();
    await this.change(
      actor,
      reference,
      () => ({
        type: 'issue-added',
        reason: value.summary,
        detail: { issueId: id },
        occurredOn: this.cases.today(),
      }),
      { action: 'complaint.issue.add', entityType: 'issue', entityId: id },
      async (trx, complaint) => {
        await trx
          .insertInto('complaint_issues')
          .values({
            id,
            organisation_id: complaint.organisation_id,
            complaint_id: complaint.id,
            summary: value.summary,
            service_id: value.serviceId,
            outcome: null,
            findings: null,
          })
          .execute();
      },
    );
    return id;
  }

  async recordIssueOutcome(actor: Actor, reference: string, issueId: string, input: unknown): Promise<void> {
    this.check(actor, 'complaint:record-outcome');
    if (!UUID.test(issueId)) throw new NotFoundError('Issue');
    const value = parse(schemas.issueOutcome, input);
    await this.change(
      actor,
      reference,
      () => ({
        type: 'issue-outcome',
        detail: { issueId, outcome: value.outcome },
        occurredOn: this.cases.today(),
      }),
      { action: 'complaint.issue.outcome', entityType: 'issue', entityId: issueId },
      async (trx, complaint) => {
        const result = await trx
          .updateTable('complaint_issues')
          .set({ outcome: value.outcome, findings: value.findings })
          .where('organisation_id', '=', complaint.organisation_id)
          .where('complaint_id', '=', complaint.id)
          .where('id', '=', issueId)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('Issue');
      },
    );
  }

  async addRemedy(actor: Actor, reference: string, input: unknown): Promise<void> {
    this.check(actor, 'complaint:record-outcome');
    const value = parse(schemas.remedy, input);
    if (value.kind === 'financial-redress' && value.amount === null) {
      throw new ValidationError([{ field: 'amount', message: 'Enter the amount of financial redress' }]);
    }
    if (value.kind !== 'financial-redress' && value.amount !== null) {
      throw new ValidationError([
        { field: 'amount', message: 'Only financial redress has an amount: leave the amount blank' },
      ]);
    }
    const amountPence =
      value.amount === null ? null : Math.round(Number(value.amount.replace(/[£,]/g, '')) * 100);
    const id = randomUUID();
    await this.change(
      actor,
      reference,
      () => ({
        type: 'remedy-added',
        detail: { remedyId: id, kind: value.kind, amountPence },
        occurredOn: this.cases.today(),
      }),
      { action: 'complaint.remedy.add', entityType: 'remedy', entityId: id },
      async (trx, complaint) => {
        if (value.issueId) {
          const issue = await trx
            .selectFrom('complaint_issues')
            .select('id')
            .where('organisation_id', '=', complaint.organisation_id)
            .where('complaint_id', '=', complaint.id)
            .where('id', '=', value.issueId)
            .executeTakeFirst();
          if (!issue)
            throw new ValidationError([{ field: 'issueId', message: 'Select an issue from the list' }]);
        }
        await trx
          .insertInto('complaint_remedies')
          .values({
            id,
            organisation_id: complaint.organisation_id,
            complaint_id: complaint.id,
            issue_id: value.issueId,
            kind: value.kind,
            amount_pence: amountPence,
            description: value.description,
          })
          .execute();
      },
    );
  }

  /** Checks a colleague's details without recording them (so a form can show every problem at once). */
  checkColleague(input: unknown): void {
    parse(schemas.colleague, input);
  }

  async addColleague(actor: Actor, reference: string, input: unknown): Promise<void> {
    this.check(actor, 'complaint:record-outcome');
    const value = parse(schemas.colleague, input);
    if (value.informedOn && value.informedOn > this.cases.today()) {
      throw new ValidationError([
        { field: 'informedOn', message: 'Date they were told must be today or in the past' },
      ]);
    }
    const id = randomUUID();
    await this.change(
      actor,
      reference,
      () => ({ type: 'colleague-added', detail: { colleagueId: id }, occurredOn: this.cases.today() }),
      { action: 'complaint.colleague.add', entityType: 'colleague', entityId: id },
      async (trx, complaint) => {
        await trx
          .insertInto('complaint_colleagues')
          .values({
            id,
            organisation_id: complaint.organisation_id,
            complaint_id: complaint.id,
            user_id: null,
            name: value.name,
            job_title: value.jobTitle,
            involvement: value.involvement,
            informed_on: value.informedOn,
          })
          .execute();
      },
    );
  }

  async addAttachment(
    actor: Actor,
    reference: string,
    file: { filename: string; content: Uint8Array } | null,
  ): Promise<void> {
    this.check(actor, 'complaint:attach');
    if (!file) throw new ValidationError([{ field: 'file', message: 'Select a file' }]);
    const sniffed = await sniffAttachment(file.content, file.filename);
    if (!sniffed.ok) throw new ValidationError([{ field: 'file', message: sniffed.message }]);
    const id = randomUUID();
    await this.change(
      actor,
      reference,
      () => ({
        type: 'attachment-added',
        detail: { attachmentId: id, mediaType: sniffed.mediaType },
        occurredOn: this.cases.today(),
      }),
      { action: 'complaint.attachment.add', entityType: 'attachment', entityId: id },
      async (trx, complaint) => {
        await trx
          .insertInto('attachments')
          .values({
            id,
            organisation_id: complaint.organisation_id,
            complaint_id: complaint.id,
            filename: safeFilename(file.filename),
            media_type: sniffed.mediaType,
            size_bytes: file.content.length,
            sha256: createHash('sha256').update(file.content).digest('hex'),
            content: file.content,
            uploaded_by: actor.userId,
          })
          .execute();
      },
    );
  }

  async getAttachment(actor: Actor, reference: string, attachmentId: string) {
    const complaint = await this.cases.find(actor, reference);
    if (!UUID.test(attachmentId)) throw new NotFoundError('Attachment');
    const file = await this.db
      .selectFrom('attachments')
      .select(['id', 'filename', 'media_type', 'size_bytes', 'content'])
      .where('organisation_id', '=', complaint.organisation_id)
      .where('complaint_id', '=', complaint.id)
      .where('id', '=', attachmentId)
      .executeTakeFirst();
    if (!file) throw new NotFoundError('Attachment');
    await this.audit.record(actor, {
      action: 'complaint.attachment.download',
      entityType: 'complaint',
      entityId: attachmentId,
      complaintId: complaint.id,
    });
    return file;
  }

  private async checkService(actor: Actor, serviceId: string | null) {
    if (!serviceId) return;
    const found = await this.db
      .selectFrom('services')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', serviceId)
      .executeTakeFirst();
    if (!found)
      throw new ValidationError([{ field: 'serviceId', message: 'Select a service from the list' }]);
  }
}
