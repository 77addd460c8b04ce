import { definePermissions, type PermissionsOf } from '../../auth/permissions.ts';
import { ROLE_GROUPS } from '../../auth/roles.ts';

export const casePermissions = definePermissions({
  'complaint:read-all': {
    description: 'Read every complaint of the organisation',
    roles: [...ROLE_GROUPS.handling, ...ROLE_GROUPS.leadership],
  },
  'complaint:read-assigned': {
    description: 'Read the complaints they handle or investigate',
    roles: ['investigator'],
  },
});

declare module '../../auth/permissions.ts' {
  interface PermissionRegistry extends PermissionsOf<typeof casePermissions> {}
}

/** Either way of reading complaints: what a route that shows a case asks for. */
export const READ_COMPLAINTS = ['complaint:read-all', 'complaint:read-assigned'] as const;
