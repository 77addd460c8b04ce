import { z } from 'zod';
import {
  CLOSURE_REASON_LABELS,
  EVENT_LABELS,
  EVENT_TYPES,
  type EventType,
} from '../../domain/lifecycle/index.ts';
import { eventTypeSchema } from '../api/schemas.ts';
import { defineModule, defineSection } from '../module.ts';
import { lifecycleApiRoutes, lifecycleOpenApi } from './api.ts';
import { LifecycleService } from './lifecycle-service.ts';
import { EVENT_DONE_LABELS, EVENT_DONE_MESSAGES } from './messages.ts';
import * as complaintRules from './migrations/0005-complaint-rules.ts';
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
  migrations: { '0005-complaint-rules': complaintRules },
  tables: [
    {
      table: 'complaint_pauses',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['reason'],
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
  ],
});
