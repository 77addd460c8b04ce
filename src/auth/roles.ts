export { can, canAny, type Permission } from './permissions.ts';

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

/** Role groups that several modules grant the same way; each module still names its own permissions. */
export const ROLE_GROUPS = {
  handling: ['administrator', 'complaints-manager', 'complaints-handler'],
  leadership: ['responsible-person', 'senior-leader'],
} as const satisfies Record<string, readonly Role[]>;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Who is acting, always within one organisation: a signed-in person, or an API token. A personal token acts
 * as its person (their role, their assignments); a role token acts as a role and is nobody in particular.
 */
export interface Actor {
  kind: 'user' | 'api-token';
  /** The user's id, or the token's id. */
  id: string;
  /** The person acting: the signed-in user or the person a personal token belongs to; null for a role token. */
  userId: string | null;
  organisationId: string;
  role: Role;
  label: string;
  ip?: string | null;
  requestId?: string | null;
}

/** An actor for a signed-in person (or work done on their behalf, such as a test or a command). */
export function userActor(
  user: { id: string; organisationId: string; role: Role; name: string },
  extra: { ip?: string | null; requestId?: string | null } = {},
): Actor {
  return {
    kind: 'user',
    id: user.id,
    userId: user.id,
    organisationId: user.organisationId,
    role: user.role,
    label: user.name,
    ...extra,
  };
}
