import type { AuditActionsOf } from '../../audit/audit-service.ts';
import { defineModule } from '../module.ts';
import * as jurisdictionAndComplaintsTeam from './migrations/0006-jurisdiction-and-complaints-team.ts';
import * as advocacyService from './migrations/0016-advocacy-service.ts';
import { OrganisationService } from './organisation-service.ts';
import { organisationPaths } from './paths.ts';
import { organisationPermissions } from './permissions.ts';
import { organisationRoutes } from './routes.ts';

const AUDIT_ACTIONS = [
  'organisation.settings.update',
  'service.create',
  'service.activate',
  'service.deactivate',
  'closure-day.add',
  'closure-day.remove',
] as const;

declare module '../../audit/audit-service.ts' {
  interface AuditActionRegistry extends AuditActionsOf<typeof AUDIT_ACTIONS> {}
}

declare module '../../services.ts' {
  interface Services {
    organisations: OrganisationService;
  }
}

/** Organisations (with their parents), their settings and timescales, services, and working-day calendar. */
export const organisationsModule = defineModule({
  name: 'organisations',
  permissions: organisationPermissions,
  migrations: {
    '0006-jurisdiction-and-complaints-team': jurisdictionAndComplaintsTeam,
    '0016-advocacy-service': advocacyService,
  },
  auditActions: AUDIT_ACTIONS,
  tables: [
    {
      table: 'services',
      tenant: true,
      subject: 'none',
      personalColumns: [],
      retention: 'Kept while the organisation exists (retired, never deleted, so history keeps its meaning)',
    },
    {
      table: 'closure_days',
      tenant: true,
      subject: 'none',
      personalColumns: [],
      retention: 'Kept while the organisation exists',
    },
  ],
  services: (s) => ({
    organisations: new OrganisationService(s.db, s.calendars, s.audit, (executor, organisationId, reason) =>
      s.deadlines.requestRecalculation(executor, organisationId, reason),
    ),
  }),
  routes: organisationRoutes,
  paths: organisationPaths,
  adminLinks: [
    {
      text: 'Organisation and timescales',
      hint: 'Name, nation and sector, Ombudsman, contact details and advocacy service, timescale preset and overrides',
      href: organisationPaths.admin.settings(),
      access: ['organisation:manage'],
      order: 10,
    },
    {
      text: 'Services, teams and sites',
      hint: 'What complaints can be about',
      href: organisationPaths.admin.services(),
      access: ['organisation:manage'],
      order: 20,
    },
    {
      text: 'Working-day calendar',
      hint: 'Bank holidays and closure days used for every deadline',
      href: organisationPaths.admin.calendar(),
      access: ['organisation:manage'],
      order: 30,
    },
  ],
});
