import type { AuditActionsOf } from '../../audit/audit-service.ts';
import { defineModule } from '../module.ts';
import { peopleAdminRoutes } from './admin-routes.ts';
import { authRoutes } from './auth-routes.ts';
import * as personalApiTokens from './migrations/0007-personal-api-tokens.ts';
import { peoplePaths } from './paths.ts';
import { peoplePermissions } from './permissions.ts';

const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-in-refused',
  'auth.locked',
  'auth.password-set',
  'user.create',
  'user.update',
  'api-token.create',
  'api-token.revoke',
] as const;

declare module '../../audit/audit-service.ts' {
  interface AuditActionRegistry extends AuditActionsOf<typeof AUDIT_ACTIONS> {}
}

/** People: signing in, passwords, the people of an organisation and their roles, and API tokens. */
export const peopleModule = defineModule({
  name: 'people',
  permissions: peoplePermissions,
  auditActions: AUDIT_ACTIONS,
  migrations: { '0007-personal-api-tokens': personalApiTokens },
  tables: [
    {
      table: 'users',
      tenant: true,
      subject: 'staff',
      personalColumns: ['email', 'name'],
      retention: 'Kept while the person has access; deactivated accounts are kept for the audit trail',
    },
    {
      table: 'sessions',
      tenant: true,
      subject: 'staff',
      personalColumns: [],
      retention: 'Deleted at sign-out; expires after 8 hours without use',
    },
    {
      table: 'password_tokens',
      tenant: true,
      subject: 'staff',
      personalColumns: [],
      retention: 'Used once; expire after 1 hour (reset) or 72 hours (first sign-in)',
    },
    {
      // A personal token is linked to its person (user_id) but holds nothing about them itself.
      table: 'api_tokens',
      tenant: true,
      subject: 'staff',
      personalColumns: [],
      retention: 'Kept while the organisation exists; revoked tokens are kept for the audit trail',
    },
  ],
  routes: async (app, services) => {
    await authRoutes(app, services);
    await peopleAdminRoutes(app, services);
  },
  paths: peoplePaths,
  adminLinks: [
    {
      text: 'People and roles',
      hint: 'Who can sign in and what they can do',
      href: peoplePaths.admin.users(),
      access: ['users:manage'],
      order: 40,
    },
    {
      text: 'API tokens',
      hint: 'Access for other systems',
      href: peoplePaths.admin.tokens(),
      access: ['api-tokens:manage'],
      order: 50,
    },
  ],
});
