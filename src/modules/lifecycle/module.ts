import { z } from 'zod';
import { can } from '../../auth/roles.ts';
import {
  CLOSURE_REASON_LABELS,
  EVENT_LABELS,
  EVENT_TYPES,
  type EventType,
} from '../../domain/lifecycle/index.ts';
import { eventTypeSchema } from '../api/schemas.ts';
import { defineModule, defineSection } from '../module.ts';
import { lifecycleApiRoutes, lifecycleOpenApi } from './api.ts';
import { LifecycleService, type ResponseDraft } from './lifecycle-service.ts';
import { EVENT_DONE_LABELS, EVENT_DONE_MESSAGES } from './messages.ts';
import * as complaintRules from './migrations/0005-complaint-rules.ts';
import * as responseDrafts from './migrations/0012-response-drafts.ts';
import { lifecyclePaths } from './paths.ts';
import { lifecyclePermissions } from './permissions.ts';
import { lifecycleRoutes } from './routes.ts';

const AUDIT_ACTIONS = EVENT_TYPES.map((type) => `complaint.${type}` as const);

declare module '../../audit/audit-service.ts' {
  interface AuditActionRegistry extends Record<`complaint.${EventType}`, true> {}
}

declare module '../../services.ts' {
  interface Services {
    lifecycle: LifecycleService;
  }
}

export const responseJsonShape = {
  response: z
    .object({
      version: z.number().int(),
      status: z.enum(['submitted', 'returned', 'approved', 'superseded']),
      text: z.string().describe('The draft as submitted; once approved, the signed text that is sent'),
      comments: z.string().nullable().describe('The comments it was returned with'),
    })
    .nullable()
    .describe(
      'The latest version of the final response submitted for sign-off, while the case is at stage 2',
    ),
};

export const actionsJsonShape = {
  allowedEvents: z
    .array(eventTypeSchema)
    .describe('The events this token may record now, in the order a person would usually consider them'),
};

/** The complaint's journey through the procedure: acknowledgement, stages, pauses, extensions, closure. */
export const lifecycleModule = defineModule({
  name: 'lifecycle',
  permissions: lifecyclePermissions,
  auditActions: AUDIT_ACTIONS,
  eventTypes: EVENT_LABELS,
  templateGlobals: { CLOSURE_REASON_LABELS, EVENT_DONE_LABELS },
  migrations: { '0005-complaint-rules': complaintRules, '0012-response-drafts': responseDrafts },
  tables: [
    {
      table: 'complaint_pauses',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['reason'],
      retention: 'With its case',
    },
    {
      table: 'response_drafts',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['body', 'comments', 'approved_body'],
      retention: 'With its case',
    },
    {
      table: 'complaint_extensions',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['reason'],
      retention: 'With its case',
    },
  ],
  services: (s) => ({ lifecycle: new LifecycleService(s.db, s.caseChanges, s.calendars, s.today) }),
  routes: lifecycleRoutes,
  apiRoutes: lifecycleApiRoutes,
  paths: lifecyclePaths,
  openApi: lifecycleOpenApi,
  caseMessages: {
    done: (type, complaint) =>
      (EVENT_TYPES as readonly string[]).includes(type)
        ? EVENT_DONE_MESSAGES[type as EventType](complaint.stage)
        : null,
  },
  caseSections: [
    defineSection<{ allowedEvents: EventType[] }>({
      id: 'actions',
      title: 'What to do next',
      order: 20,
      column: 'overview',
      load: async ({ actor, complaint, services, today }) => ({
        allowedEvents: await services.lifecycle.allowedEvents(actor, complaint, today),
      }),
      template: 'lifecycle/views/actions.njk',
      json: {
        shape: actionsJsonShape,
        toJson: ({ allowedEvents }) => ({ allowedEvents }),
      },
    }),
    // Where the response to the complaint has got to: the comments it was returned with are the handler's
    // to act on, so they show on the case as well as on the page to submit it again.
    defineSection<{ latest: ResponseDraft | null; canSubmit: boolean }>({
      id: 'response',
      title: 'Final response',
      order: 21,
      column: 'overview',
      load: async ({ actor, complaint, services }) => {
        const drafts = ['investigating', 'response-drafted', 'signed-off'].includes(complaint.status)
          ? await services.lifecycle.responseDrafts(complaint)
          : [];
        return { latest: drafts[0] ?? null, canSubmit: can(actor.role, 'complaint:handle') };
      },
      template: 'lifecycle/views/response.njk',
      json: {
        shape: responseJsonShape,
        toJson: ({ latest }) => ({
          response: latest
            ? {
                version: latest.version,
                status: latest.status,
                text: latest.approvedBody ?? latest.body,
                comments: latest.comments,
              }
            : null,
        }),
        whenNew: () => ({ latest: null, canSubmit: false }),
      },
    }),
  ],
});
