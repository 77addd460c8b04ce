import type { AuditActionsOf } from '../../audit/audit-service.ts';
import { can } from '../../auth/roles.ts';
import { inScope, scopeOf } from '../../tenancy/scope.ts';
import { ACKNOWLEDGEMENT_LETTERS, acknowledgementSent } from '../lifecycle/acknowledgement.ts';
import { defineModule, defineSection } from '../module.ts';
import { correspondenceApiRoutes, correspondenceOpenApi } from './api.ts';
import { CorrespondenceService } from './correspondence-service.ts';
import { letterRefusal } from './letter-availability.ts';
import { isLetterKey, LETTER_KEYS, LETTER_KINDS } from './letter-templates.ts';
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
  // The letter page sends people back with ?sent=<letter> once an email is on its way (before this, the
  // redirect carried nothing, so the confirmation never showed).
  caseMessages: {
    sent: (key, complaint) =>
      isLetterKey(key)
        ? `${LETTER_KINDS[key].name} sent to ${complaint.complainant_name}${
            ACKNOWLEDGEMENT_LETTERS.includes(key) && acknowledgementSent(complaint)
              ? '. The complaint is acknowledged'
              : ''
          }`
        : null,
  },
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
  caseSections: [
    defineSection({
      id: 'correspondence',
      title: 'Correspondence',
      navigation: true,
      order: 70,
      template: 'correspondence/views/section.njk',
      load: async ({ services, actor, complaint, today }) => ({
        canSend: can(actor.role, 'correspondence:send'),
        // The letters that fit the case as it stands now.
        letters: LETTER_KEYS.filter((key) => !letterRefusal(key, complaint, today)).map((key) => ({
          key,
          name: LETTER_KINDS[key].name,
        })),
        // The case page lists correspondence; the letters themselves are read on the correspondence page.
        correspondence: await services.db
          .selectFrom('correspondence')
          .leftJoin('outbox', (join) =>
            join
              .onRef('outbox.id', '=', 'correspondence.outbox_id')
              .onRef('outbox.organisation_id', '=', 'correspondence.organisation_id'),
          )
          .select([
            'correspondence.id',
            'correspondence.direction',
            'correspondence.template_key',
            'correspondence.channel',
            'correspondence.subject',
            'correspondence.created_at',
            'outbox.status as delivery_status',
          ])
          .where(inScope(scopeOf(actor), 'correspondence'))
          .where('correspondence.complaint_id', '=', complaint.id)
          .orderBy('correspondence.created_at', 'desc')
          .execute(),
      }),
    }),
  ],
});
