import { definePermissions, type PermissionsOf } from '../../auth/permissions.ts';
import { ROLE_GROUPS } from '../../auth/roles.ts';

export const caseRecordPermissions = definePermissions({
  'complaint:assign': {
    description: 'Choose who handles and who investigates a complaint',
    roles: [...ROLE_GROUPS.handling],
  },
  'complaint:note': {
    description: 'Add notes to a complaint',
    roles: [...ROLE_GROUPS.handling, 'investigator', ...ROLE_GROUPS.leadership],
  },
  'complaint:attach': {
    description: 'Add files to a complaint',
    roles: [...ROLE_GROUPS.handling, 'investigator'],
  },
  'complaint:record-outcome': {
    description: 'Record issues, findings, outcomes, remedies and colleagues involved',
    roles: [...ROLE_GROUPS.handling, 'investigator'],
  },
});

declare module '../../auth/permissions.ts' {
  interface PermissionRegistry extends PermissionsOf<typeof caseRecordPermissions> {}
}
