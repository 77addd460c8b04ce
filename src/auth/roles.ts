export const ROLES = [
  'administrator',
  'complaints-manager',
  'complaints-handler',
  'investigator',
  'responsible-person',
  'senior-leader',
  'board-member',
  'colleague',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrator',
  'complaints-manager': 'Complaints manager',
  'complaints-handler': 'Complaints handler',
  investigator: 'Investigator',
  'responsible-person': 'Responsible person',
  'senior-leader': 'Senior leader',
  'board-member': 'Board member',
  colleague: 'Colleague',
};

export const PERMISSIONS = [
  'complaint:create',
  'complaint:read-all',
  'complaint:read-assigned',
  'complaint:handle',
  'complaint:assign',
  'complaint:sign-off',
  'complaint:note',
  'complaint:attach',
  'complaint:record-outcome',
  'correspondence:send',
  'templates:manage',
  'organisation:manage',
  'users:manage',
  'audit:read',
  'outbox:manage',
  'api-tokens:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const HANDLING: Permission[] = [
  'complaint:create',
  'complaint:read-all',
  'complaint:handle',
  'complaint:assign',
  'complaint:note',
  'complaint:attach',
  'complaint:record-outcome',
  'correspondence:send',
];

/**
 * Need-to-know: case records hold special-category data, so board members and colleagues see no case here
 * (they get aggregate reports and their own views in later slices), and investigators see only their cases.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  administrator: [...PERMISSIONS],
  'complaints-manager': [...HANDLING, 'templates:manage'],
  'complaints-handler': HANDLING,
  investigator: [
    'complaint:read-assigned',
    'complaint:handle',
    'complaint:note',
    'complaint:attach',
    'complaint:record-outcome',
  ],
  'responsible-person': ['complaint:read-all', 'complaint:sign-off', 'complaint:note'],
  'senior-leader': ['complaint:read-all', 'complaint:sign-off', 'complaint:note'],
  'board-member': [],
  colleague: [],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function canReadComplaints(role: Role): boolean {
  return can(role, 'complaint:read-all') || can(role, 'complaint:read-assigned');
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is acting: a signed-in person or an API token, always within one organisation. */
export interface Actor {
  kind: 'user' | 'api-token';
  id: string;
  organisationId: string;
  role: Role;
  label: string;
  ip?: string | null;
  requestId?: string | null;
}
