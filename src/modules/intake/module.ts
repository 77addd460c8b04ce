import type { AuditActionsOf } from '../../audit/audit-service.ts';
import { defineModule } from '../module.ts';
import { intakeApiRoutes, intakeOpenApi } from './api.ts';
import { CHANNEL_LABELS } from './intake-schema.ts';
import { IntakeService } from './intake-service.ts';
import { intakePaths } from './paths.ts';
import { intakePermissions } from './permissions.ts';
import { PublicDraftStore } from './public-drafts.ts';
import { publicComplaintRoutes } from './public-routes.ts';
import { staffIntakeRoutes } from './staff-routes.ts';

const AUDIT_ACTIONS = ['complaint.create'] as const;

declare module '../../audit/audit-service.ts' {
  interface AuditActionRegistry extends AuditActionsOf<typeof AUDIT_ACTIONS> {}
}

declare module '../../services.ts' {
  interface Services {
    intake: IntakeService;
    publicDrafts: PublicDraftStore;
  }
}

/** Complaints coming in: the public form, staff recording one, and other systems through the API. */
export const intakeModule = defineModule({
  name: 'intake',
  permissions: intakePermissions,
  auditActions: AUDIT_ACTIONS,
  eventTypes: { received: 'Complaint received' },
  tables: [
    {
      table: 'reference_counters',
      tenant: true,
      subject: 'none',
      personalColumns: [],
      retention: 'Kept while the organisation exists',
    },
    {
      table: 'public_drafts',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['answers'],
      retention: 'Deleted 24 hours after it was started, or 1 hour after the complaint was sent',
    },
  ],
  services: (s) => ({
    intake: new IntakeService(s.db, s.calendars, s.now),
    publicDrafts: new PublicDraftStore(s.db, s.now),
  }),
  routes: async (app, services) => {
    await publicComplaintRoutes(app, services);
    await staffIntakeRoutes(app, services);
  },
  apiRoutes: intakeApiRoutes,
  paths: intakePaths,
  openApi: intakeOpenApi,
  templateGlobals: { CHANNEL_LABELS },
  navigation: [
    {
      text: 'Record a complaint',
      href: intakePaths.complaints.new(),
      access: ['complaint:create'],
      order: 30,
    },
  ],
  caseMessages: {
    created: (_value, complaint) =>
      `Complaint ${complaint.reference} recorded. Next: ${
        complaint.acknowledge_by ? 'send the acknowledgement' : 'record the issues of the complaint'
      }.`,
  },
});
