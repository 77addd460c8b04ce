import { definePermissions, type PermissionsOf } from '../../auth/permissions.ts';
import { ROLE_GROUPS } from '../../auth/roles.ts';

export const lifecyclePermissions = definePermissions({
  'complaint:handle': {
    description: 'Acknowledge, resolve, escalate, extend, pause, close and withdraw complaints',
    roles: [...ROLE_GROUPS.handling, 'investigator'],
  },
  'complaint:sign-off': {
    description: 'Sign off a stage 2 response, or return it for changes',
    roles: ['administrator', ...ROLE_GROUPS.leadership],
  },
});

declare module '../../auth/permissions.ts' {
  interface PermissionRegistry extends PermissionsOf<typeof lifecyclePermissions> {}
}

/** Either permission that lets someone record a lifecycle event; which events, the service decides. */
export const RECORD_EVENTS = ['complaint:handle', 'complaint:sign-off'] as const;
