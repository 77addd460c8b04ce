import { definePermissions, type PermissionsOf } from '../../auth/permissions.ts';
import { ROLE_GROUPS } from '../../auth/roles.ts';

export const intakePermissions = definePermissions({
  'complaint:create': {
    description: 'Record a complaint received by phone, letter, email or in person',
    roles: [...ROLE_GROUPS.handling],
  },
});

declare module '../../auth/permissions.ts' {
  interface PermissionRegistry extends PermissionsOf<typeof intakePermissions> {}
}
