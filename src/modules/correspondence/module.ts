import type { AuditActionsOf } from '../../audit/audit-service.ts';
import { defineModule } from '../module.ts';
import { correspondenceApiRoutes, correspondenceOpenApi } from './api.ts';
import { correspondenceChecklist, letterSentMessage } from './case-checklist.ts';
import { CorrespondenceService } from './correspondence-service.ts';
import { isLetterKey } from './letter-templates.ts';
import * as adjustmentsMet from './migrations/0013-adjustments-met.ts';
import { correspondencePaths } from './paths.ts';
import { correspondencePermissions } from './permissions.ts';
import { correspondenceRoutes } from './routes.ts';

const AUDIT_ACTIONS = [
  'complaint.correspondence.preview',
  'complaint.correspondence.send',
  'complaint.correspondence.view',
  'complaint.correspondence.record',
  'template.update',
  'template.reset',
  'outbox.view',
  'outbox.retry',
] as const;

declare module '../../audit/audit-service.ts' {
  interface AuditActionRegistry extends AuditActionsOf<typeof AUDIT_ACTIONS> {}
}

declare module '../../services.ts' {
  interface Services {
    correspondence: CorrespondenceService;
  }
}

/** Letters and emails to the complainant, the record of every contact, the templates and the outbox. */
export const correspondenceModule = defineModule({
  name: 'correspondence',
  permissions: correspondencePermissions,
  auditActions: AUDIT_ACTIONS,
  migrations: { '0013-adjustments-met': adjustmentsMet },
  eventTypes: {
    'correspondence-sent': 'Letter or email sent',
    'correspondence-recorded': 'Correspondence recorded',
  },
  tables: [
    {
      table: 'correspondence',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['recipient', 'subject', 'body'],
      retention: 'With its case',
    },
    {
      table: 'outbox',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['recipient', 'subject', 'body'],
      retention: 'With its case; invitation and reset emails 90 days after sending',
    },
    {
      table: 'letter_templates',
      tenant: true,
      subject: 'none',
      personalColumns: [],
      retention: 'Kept while the organisation exists',
    },
  ],
  services: (s) => ({
    correspondence: new CorrespondenceService(
      s.db,
      s.audit,
      s.outbox,
      s.calendars,
      s.cases,
      s.caseChanges,
      s.lifecycle,
    ),
  }),
  routes: correspondenceRoutes,
  apiRoutes: correspondenceApiRoutes,
  openApi: correspondenceOpenApi,
  paths: correspondencePaths,
  caseMessages: { sent: (key, complaint) => (isLetterKey(key) ? letterSentMessage(key, complaint) : null) },
  adminLinks: [
    {
      text: 'Letter and email templates',
      hint: 'Acknowledgement, extension, outcome and final response',
      href: correspondencePaths.admin.templates(),
      access: ['templates:manage'],
      order: 60,
    },
    {
      text: 'Notifications outbox',
      hint: 'Emails sent, waiting and failed',
      href: correspondencePaths.admin.outbox(),
      access: ['outbox:manage'],
      order: 70,
    },
  ],
  casePages: [
    {
      id: 'correspondence',
      title: 'Correspondence',
      order: 50,
      path: correspondencePaths.complaints.correspondence,
      ownRoute: true,
    },
  ],
  caseChecklist: correspondenceChecklist,
});
