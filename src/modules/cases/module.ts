import { z } from 'zod';
import type { AuditActionsOf } from '../../audit/audit-service.ts';
import { scopeOf } from '../../tenancy/scope.ts';
import { COMMON_ERRORS, json, ref, referenceParameter, response } from '../api/openapi.ts';
import { defineModule, defineSection } from '../module.ts';
import { caseApiRoutes } from './api-routes.ts';
import { CaseService } from './case-service.ts';
import { caseApiPaths, casePaths } from './paths.ts';
import { casePermissions } from './permissions.ts';
import { caseRoutes } from './routes.ts';
import { type TimelineEvent, timelineOf } from './timeline.ts';
import { CaseUnitOfWork } from './unit-of-work.ts';

const AUDIT_ACTIONS = ['complaint.view'] as const;

declare module '../../audit/audit-service.ts' {
  interface AuditActionRegistry extends AuditActionsOf<typeof AUDIT_ACTIONS> {}
}

declare module '../../services.ts' {
  interface Services {
    cases: CaseService;
    caseChanges: CaseUnitOfWork;
  }
}

const timestamp = (description: string) => z.iso.datetime().describe(`${description} (ISO 8601, UTC)`);

export const eventJsonSchema = z.strictObject({
  type: z.string().describe('The event type: a lifecycle event, "received" or a change to the case record'),
  from: z.string().nullable().describe('The status before, for lifecycle events'),
  to: z.string().nullable().describe('The status after, for lifecycle events'),
  stage: z.literal([1, 2]).nullable(),
  actor: z.string().describe('Who recorded it: a person’s name or an API token’s name'),
  reason: z.string().nullable(),
  occurredOn: z.iso.date().describe('When it happened (YYYY-MM-DD, UK date)'),
  at: timestamp('When it was recorded'),
});

export const timelineJsonShape = {
  events: z.array(eventJsonSchema).describe('Every change of the case, oldest first'),
};

/**
 * The case itself: the complaints table, finding a case the actor may see, the unit of work every change of a
 * case goes through, and the case page that the other modules add their sections to.
 */
export const casesModule = defineModule({
  name: 'cases',
  permissions: casePermissions,
  auditActions: AUDIT_ACTIONS,
  tables: [
    {
      table: 'complaints',
      tenant: true,
      subject: 'complainant',
      personalColumns: [
        'complainant_name',
        'complainant_email',
        'complainant_phone',
        'complainant_address',
        'on_behalf_of',
        'description',
        'when_happened',
        'outcome_sought',
        'adjustments',
        'outcome_summary',
      ],
      retention:
        'Kept 10 years after the case is closed (NHS Records Management Code of Practice: complaints case files)',
    },
    {
      table: 'complaint_events',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['reason'],
      retention: 'With its case',
    },
  ],
  services: (s) => ({
    cases: new CaseService(s.db, s.audit, s.now),
    caseChanges: new CaseUnitOfWork(s.db, s.audit, s.outbox, s.today),
  }),
  routes: caseRoutes,
  apiRoutes: caseApiRoutes,
  paths: { ...casePaths, ...caseApiPaths },
  openApi: {
    tags: [{ name: 'Complaints', description: 'Recording complaints and moving them through the procedure' }],
    paths: {
      '/api/v1/complaints/{reference}': {
        get: {
          operationId: 'getComplaint',
          summary: 'One complaint with its deadlines, events and the events allowed next',
          description: 'Each read is recorded in the audit trail.',
          tags: ['Complaints'],
          parameters: [referenceParameter],
          responses: {
            '200': { description: 'The complaint', content: json(ref('Complaint')) },
            ...COMMON_ERRORS,
            '404': response('NotFound'),
          },
        },
      },
    },
  },
  casePages: [
    { id: 'overview', title: 'Overview', order: 10, path: casePaths.complaints.show },
    { id: 'timeline', title: 'Timeline', order: 90, path: casePaths.complaints.timeline },
  ],
  caseSections: [
    defineSection({
      id: 'summary',
      title: 'Summary',
      order: 10,
      column: 'overview',
      load: async () => null,
      template: 'cases/views/sections/summary.njk',
    }),
    defineSection({
      id: 'complaint',
      title: 'The complaint',
      order: 30,
      column: 'overview',
      load: async () => null,
      template: 'cases/views/sections/complaint.njk',
    }),
    defineSection<{ events: TimelineEvent[] | readonly TimelineEvent[] }>({
      id: 'timeline',
      title: 'Timeline',
      order: 1000,
      page: 'timeline',
      load: async ({ services, actor, complaint }) => ({
        events: await timelineOf(services.db, scopeOf(actor), complaint.id),
      }),
      template: 'cases/views/sections/timeline.njk',
      json: {
        shape: timelineJsonShape,
        toJson: ({ events }) => ({
          events: events.map((e) => ({
            type: e.type,
            from: e.from_status,
            to: e.to_status,
            stage: e.stage === 2 ? 2 : e.stage === 1 ? 1 : null,
            actor: e.actor_label,
            reason: e.reason,
            occurredOn: e.occurred_on,
            at: new Date(e.created_at).toISOString(),
          })),
        }),
        whenNew: (_context, received) => ({ events: received.events as TimelineEvent[] }),
      },
    }),
  ],
});
