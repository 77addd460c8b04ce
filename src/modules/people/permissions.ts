import { definePermissions, type PermissionsOf } from '../../auth/permissions.ts';

export const peoplePermissions = definePermissions({
  'users:manage': {
    description: 'Invite people, change their roles and deactivate them',
    roles: ['administrator'],
  },
  'api-tokens:manage': {
    description: 'Create and revoke API tokens for other systems',
    roles: ['administrator'],
  },
});

declare module '../../auth/permissions.ts' {
  interface PermissionRegistry extends PermissionsOf<typeof peoplePermissions> {}
}
