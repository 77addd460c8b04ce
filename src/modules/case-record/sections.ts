import { z } from 'zod';
import { can } from '../../auth/roles.ts';
import type { Db } from '../../db/database.ts';
import { ISSUE_OUTCOMES, isOpen, type Status } from '../../domain/lifecycle/index.ts';
import type { Services } from '../../services.ts';
import { inScope, scopeOf, type TenancyScope } from '../../tenancy/scope.ts';
import { timestamp } from '../api/schemas.ts';
import { type CaseSectionContext, type ChecklistItem, defineSection } from '../module.ts';
import { ALLOWED_DESCRIPTION } from './attachment-policy.ts';
import { HANDLER_ROLES, INVESTIGATOR_ROLES, REMEDY_KINDS } from './case-record-service.ts';
import { caseRecordPaths as paths } from './paths.ts';

export function issuesOf(db: Db, scope: TenancyScope, complaintId: string) {
  return db
    .selectFrom('complaint_issues')
    .leftJoin('services', (join) =>
      join
        .onRef('services.id', '=', 'complaint_issues.service_id')
        .onRef('services.organisation_id', '=', 'complaint_issues.organisation_id'),
    )
    .select([
      'complaint_issues.id',
      'complaint_issues.summary',
      'complaint_issues.outcome',
      'complaint_issues.findings',
      'complaint_issues.service_id',
      'services.name as service_name',
    ])
    .where(inScope(scope, 'complaint_issues'))
    .where('complaint_issues.complaint_id', '=', complaintId)
    .orderBy('complaint_issues.created_at')
    .execute();
}

type Issue = Awaited<ReturnType<typeof issuesOf>>[number];

function remediesOf(db: Db, scope: TenancyScope, complaintId: string) {
  return db
    .selectFrom('complaint_remedies')
    .select(['id', 'issue_id', 'kind', 'amount_pence', 'description', 'created_at'])
    .where(inScope(scope, 'complaint_remedies'))
    .where('complaint_id', '=', complaintId)
    .orderBy('created_at')
    .execute();
}

type Remedy = Awaited<ReturnType<typeof remediesOf>>[number];

export const issuesJsonShape = {
  issues: z.array(
    z.strictObject({
      id: z.uuid().describe('Identifies the issue within the complaint; remedies refer to it'),
      summary: z.string(),
      service: z.string().nullable(),
      outcome: z.enum(ISSUE_OUTCOMES).nullable(),
      findings: z.string().nullable(),
    }),
  ),
};

export const remediesJsonShape = {
  remedies: z.array(
    z.strictObject({
      issueId: z.uuid().nullable().describe('The issue it puts right, if recorded against one'),
      kind: z.enum(REMEDY_KINDS),
      amountPence: z.number().int().nullable().describe('Financial redress in pence'),
      description: z.string(),
      recordedAt: timestamp('When it was recorded'),
    }),
  ),
};

/** The people a case can be assigned to, for the assignment form. */
export async function assignmentChoices(services: Services, organisationId: string) {
  const [handlers, investigators] = await Promise.all([
    services.auth.usersWithRoles(organisationId, HANDLER_ROLES),
    services.auth.usersWithRoles(organisationId, INVESTIGATOR_ROLES),
  ]);
  return { handlers, investigators };
}

export const issuesSection = defineSection<{
  issues: Issue[];
  services: { id: string; name: string }[];
  canEdit: boolean;
  issueOutcomes: readonly string[];
}>({
  id: 'issues',
  page: 'issues',
  title: 'Issues, findings and outcomes',
  order: 40,
  template: 'case-record/views/issues.njk',
  load: async ({ services, actor, complaint }) => {
    const canEdit = can(actor.role, 'complaint:record-outcome');
    const [issues, serviceList] = await Promise.all([
      issuesOf(services.db, scopeOf(actor), complaint.id),
      canEdit ? services.organisations.services(actor.organisationId) : Promise.resolve([]),
    ]);
    return { issues, services: serviceList, canEdit, issueOutcomes: ISSUE_OUTCOMES };
  },
  json: {
    shape: issuesJsonShape,
    toJson: ({ issues }) => ({
      issues: issues.map((i) => ({
        id: i.id,
        summary: i.summary,
        service: i.service_name,
        outcome: i.outcome,
        findings: i.findings,
      })),
    }),
    whenNew: () => ({ issues: [], services: [], canEdit: false, issueOutcomes: ISSUE_OUTCOMES }),
  },
});

export const remediesSection = defineSection<{ remedies: Remedy[]; issues: Issue[]; canEdit: boolean }>({
  id: 'remedies',
  page: 'remedies',
  title: 'Remedies',
  order: 50,
  template: 'case-record/views/remedies.njk',
  load: async ({ services, actor, complaint }) => {
    const canEdit = can(actor.role, 'complaint:record-outcome');
    const scope = scopeOf(actor);
    const [remedies, issues] = await Promise.all([
      remediesOf(services.db, scope, complaint.id),
      canEdit ? issuesOf(services.db, scope, complaint.id) : Promise.resolve([]),
    ]);
    return { remedies, issues, canEdit };
  },
  json: {
    shape: remediesJsonShape,
    toJson: ({ remedies }) => ({
      remedies: remedies.map((r) => ({
        issueId: r.issue_id,
        kind: r.kind,
        amountPence: r.amount_pence,
        description: r.description,
        recordedAt: new Date(r.created_at).toISOString(),
      })),
    }),
    whenNew: () => ({ remedies: [], issues: [], canEdit: false }),
  },
});

export const colleaguesSection = defineSection({
  id: 'colleagues',
  page: 'colleagues',
  title: 'Colleagues involved',
  order: 60,
  template: 'case-record/views/colleagues.njk',
  load: async ({ services, actor, complaint }) => ({
    canEdit: can(actor.role, 'complaint:record-outcome'),
    colleagues: await services.db
      .selectFrom('complaint_colleagues')
      .select(['id', 'user_id', 'name', 'job_title', 'involvement', 'informed_on'])
      .where(inScope(scopeOf(actor), 'complaint_colleagues'))
      .where('complaint_id', '=', complaint.id)
      .orderBy('created_at')
      .execute(),
  }),
});

export const attachmentsSection = defineSection({
  id: 'attachments',
  page: 'documents',
  title: 'Attachments',
  order: 80,
  template: 'case-record/views/attachments.njk',
  load: async ({ services, actor, complaint }) => ({
    canAttach: can(actor.role, 'complaint:attach'),
    allowedDescription: ALLOWED_DESCRIPTION,
    attachments: await services.db
      .selectFrom('attachments')
      .select(['id', 'filename', 'media_type', 'size_bytes', 'created_at'])
      .where(inScope(scopeOf(actor), 'attachments'))
      .where('complaint_id', '=', complaint.id)
      .orderBy('created_at')
      .execute(),
  }),
});

export const notesSection = defineSection({
  id: 'notes',
  page: 'documents',
  title: 'Notes',
  order: 90,
  template: 'case-record/views/notes.njk',
  load: async ({ services, actor, complaint }) => ({
    canAdd: can(actor.role, 'complaint:note'),
    notes: await services.db
      .selectFrom('complaint_notes')
      .leftJoin('users', (join) =>
        join
          .onRef('users.id', '=', 'complaint_notes.author_id')
          .onRef('users.organisation_id', '=', 'complaint_notes.organisation_id'),
      )
      .select([
        'complaint_notes.id',
        'complaint_notes.body',
        'complaint_notes.created_at',
        'users.name as author_name',
      ])
      .where(inScope(scopeOf(actor), 'complaint_notes'))
      .where('complaint_notes.complaint_id', '=', complaint.id)
      .orderBy('complaint_notes.created_at', 'desc')
      .execute(),
  }),
});

/**
 * What the case record lacks: a handler, issues, an outcome for each issue. Only for open cases; the links go
 * to the forms that put it right, for those who may use them.
 */
export async function caseRecordChecklist({
  services,
  actor,
  complaint,
}: CaseSectionContext): Promise<ChecklistItem[]> {
  const status = complaint.status as Status;
  if (!isOpen(status)) return [];
  const reference = complaint.reference;
  const canEdit = can(actor.role, 'complaint:record-outcome');
  const items: ChecklistItem[] = [];
  if (!complaint.handler_id) {
    items.push({
      id: 'handler-missing',
      text: 'No handler assigned',
      href: can(actor.role, 'complaint:assign') ? paths.complaints.assign(reference) : undefined,
    });
  }
  const issues = await issuesOf(services.db, scopeOf(actor), complaint.id);
  if (issues.length === 0 && status !== 'received') {
    items.push({
      id: 'issues-missing',
      text: 'No issues recorded',
      href: canEdit ? paths.complaints.issueNew(reference) : undefined,
    });
  }
  issues.forEach((issue, index) => {
    if (issue.outcome) return;
    items.push({
      id: 'issue-outcome-missing',
      text: `Outcome missing for issue ${index + 1}`,
      href: canEdit ? paths.complaints.issue(reference, issue.id) : undefined,
    });
  });
  return items;
}
