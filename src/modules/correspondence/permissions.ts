import { definePermissions, type PermissionsOf } from '../../auth/permissions.ts';
import { ROLE_GROUPS } from '../../auth/roles.ts';

export const correspondencePermissions = definePermissions({
  'correspondence:send': {
    description: 'Write to the complainant: acknowledgements, extensions, outcomes and final responses',
    roles: [...ROLE_GROUPS.handling],
  },
  'templates:manage': {
    description: 'Word the organisation’s letters and emails',
    roles: ['administrator', 'complaints-manager'],
  },
  'outbox:manage': {
    description: 'See the emails sent, waiting and failed, and send a failed one again',
    roles: ['administrator'],
  },
});

declare module '../../auth/permissions.ts' {
  interface PermissionRegistry extends PermissionsOf<typeof correspondencePermissions> {}
}
