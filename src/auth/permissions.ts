import type { Role } from './roles.ts';

/**
 * Every permission a module declares is added to this interface by the module itself (declaration merging),
 * so `Permission` names exactly the permissions that exist and a misspelt one does not compile.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each module's permissions.ts
export interface PermissionRegistry {}
export type Permission = keyof PermissionRegistry & string;

export interface PermissionDefinition {
  /** What it lets someone do, in plain words (shown to administrators beside each role). */
  readonly description: string;
  /** The roles that have it. */
  readonly roles: readonly Role[];
}

export type PermissionDefinitions = Readonly<Record<string, PermissionDefinition>>;

/** The keys of a module's definitions, in the form its `declare module` block extends the registry with. */
export type PermissionsOf<T extends PermissionDefinitions> = { readonly [K in keyof T]: true };

export function definePermissions<const T extends PermissionDefinitions>(definitions: T): T {
  return definitions;
}

const definitions = new Map<string, PermissionDefinition & { module: string }>();
const grants = new Map<Role, Set<string>>();

/** Called once per module as the module list is read; a permission declared twice is a programming error. */
export function registerPermissions(module: string, declared: PermissionDefinitions): void {
  for (const [name, definition] of Object.entries(declared)) {
    const existing = definitions.get(name);
    if (existing && existing.module !== module) {
      throw new Error(`Permission ${name} is declared by both ${existing.module} and ${module}`);
    }
    definitions.set(name, { ...definition, module });
    for (const role of definition.roles) {
      const set = grants.get(role) ?? new Set<string>();
      set.add(name);
      grants.set(role, set);
    }
  }
}

export function can(role: Role, permission: Permission): boolean {
  if (!definitions.has(permission)) {
    // An unknown name means the module list was not loaded, or the permission was removed: never allow.
    throw new Error(`Unknown permission ${permission}: is the module list (src/modules/index.ts) loaded?`);
  }
  return grants.get(role)?.has(permission) ?? false;
}

/** Allowed when the role has any of the permissions. */
export function canAny(role: Role, permissions: readonly Permission[]): boolean {
  return permissions.some((p) => can(role, p));
}

export function allPermissions(): { name: Permission; module: string; description: string; roles: Role[] }[] {
  return [...definitions].map(([name, d]) => ({
    name: name as Permission,
    module: d.module,
    description: d.description,
    roles: [...d.roles],
  }));
}

export function permissionsOf(role: Role): Permission[] {
  return [...(grants.get(role) ?? [])] as Permission[];
}
