import { definePermissions, type PermissionsOf } from '../../auth/permissions.ts';

export const organisationPermissions = definePermissions({
  'organisation:manage': {
    description: 'Change the organisation’s settings, timescales, services and closure days',
    roles: ['administrator'],
  },
});

declare module '../../auth/permissions.ts' {
  interface PermissionRegistry extends PermissionsOf<typeof organisationPermissions> {}
}
