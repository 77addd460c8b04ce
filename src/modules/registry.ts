import type { Migration } from 'kysely';
import { canAny, registerPermissions } from '../auth/permissions.ts';
import type { Actor, Role } from '../auth/roles.ts';
import type { ComplaintRow } from '../db/schema.ts';
import type {
  AdminLink,
  CasePage,
  CaseSection,
  CaseSectionContext,
  ChecklistItem,
  Module,
  NavigationEntry,
  TableDeclaration,
} from './module.ts';

/** What the modules declare, gathered once when the module list is read. */
export class ModuleRegistry {
  readonly modules: readonly Module[];

  constructor(modules: readonly Module[]) {
    const names = new Set<string>();
    for (const m of modules) {
      if (names.has(m.name)) throw new Error(`Two modules are called ${m.name}`);
      names.add(m.name);
      if (m.permissions) registerPermissions(m.name, m.permissions);
    }
    this.modules = modules;
    this.checkMigrations();
    this.checkTables();
  }

  /** Every module's migrations, by name; names are unique across modules. */
  migrations(): Record<string, Migration> {
    const all: Record<string, Migration> = {};
    for (const m of this.modules) {
      for (const [name, migration] of Object.entries(m.migrations ?? {})) all[name] = migration;
    }
    return all;
  }

  private checkMigrations() {
    const owner = new Map<string, string>();
    for (const m of this.modules) {
      for (const name of Object.keys(m.migrations ?? {})) {
        if (!/^\d{4}-[a-z0-9-]+$/.test(name)) throw new Error(`Migration ${name} (${m.name}) is misnamed`);
        const other = owner.get(name) ?? owner.get(name.slice(0, 4));
        if (other) throw new Error(`Migration ${name} of ${m.name} clashes with one of ${other}`);
        owner.set(name, m.name);
        owner.set(name.slice(0, 4), m.name);
      }
    }
  }

  tables(): (TableDeclaration & { module: string })[] {
    return this.modules.flatMap((m) => (m.tables ?? []).map((t) => ({ ...t, module: m.name })));
  }

  tenantTables(): Set<string> {
    return new Set(
      this.tables()
        .filter((t) => t.tenant)
        .map((t) => t.table),
    );
  }

  private checkTables() {
    const seen = new Map<string, string>();
    for (const t of this.tables()) {
      const other = seen.get(t.table);
      if (other) throw new Error(`Table ${t.table} is declared by both ${other} and ${t.module}`);
      seen.set(t.table, t.module);
      if (t.subject === 'none' && t.personalColumns.length) {
        throw new Error(`Table ${t.table} lists personal columns but says it holds no personal data`);
      }
    }
  }

  navigationFor(role: Role): NavigationEntry[] {
    return this.modules
      .flatMap((m) => m.navigation ?? [])
      .filter((entry) => canAny(role, entry.access))
      .sort((a, b) => a.order - b.order);
  }

  adminLinksFor(role: Role): AdminLink[] {
    return this.modules
      .flatMap((m) => m.adminLinks ?? [])
      .filter((link) => canAny(role, link.access))
      .sort((a, b) => a.order - b.order);
  }

  /** The confirmation a redirect back to the case page asked for, if any module knows it. */
  caseMessage(query: Record<string, unknown>, complaint: ComplaintRow): string | null {
    for (const m of this.modules) {
      for (const [key, message] of Object.entries(m.caseMessages ?? {})) {
        const value = query[key];
        if (typeof value === 'string' && value) {
          const text = message(value, complaint);
          if (text) return text;
        }
      }
    }
    return null;
  }

  /** The pages of a case this role may open, in sub-navigation order. */
  casePagesFor(role: Role): CasePage[] {
    return this.modules
      .flatMap((m) => m.casePages ?? [])
      .filter((p) => !p.access || canAny(role, p.access))
      .sort((a, b) => a.order - b.order);
  }

  /** Every page of a case, whoever may see it (for registering routes). */
  casePages(): CasePage[] {
    return this.modules.flatMap((m) => m.casePages ?? []);
  }

  /** What is outstanding on a case, from every module that knows, in module order. */
  async caseChecklist(context: CaseSectionContext): Promise<ChecklistItem[]> {
    const lists = await Promise.all(this.modules.map((m) => m.caseChecklist?.(context) ?? []));
    return lists.flat();
  }

  caseSectionsFor(actor: Actor, canRead: boolean): CaseSection[] {
    if (!canRead) return [];
    return this.modules
      .flatMap((m) => m.caseSections ?? [])
      .filter((s) => !s.access || canAny(actor.role, s.access))
      .sort((a, b) => a.order - b.order);
  }

  /** Every module's URL helpers merged into one tree, for templates. */
  paths(base: Record<string, unknown>): Record<string, unknown> {
    const merged: Record<string, unknown> = { ...base };
    for (const m of this.modules) mergeInto(merged, m.paths ?? {}, m.name);
    return merged;
  }

  templateGlobals(): Record<string, unknown> {
    const all: Record<string, unknown> = {};
    for (const m of this.modules) Object.assign(all, m.templateGlobals ?? {});
    return all;
  }

  eventLabels(): Record<string, string> {
    return Object.assign({}, ...this.modules.map((m) => m.eventTypes ?? {}));
  }

  auditActions(): Set<string> {
    return new Set(this.modules.flatMap((m) => m.auditActions ?? []));
  }
}

function mergeInto(
  target: Record<string, unknown>,
  source: Readonly<Record<string, unknown>>,
  module: string,
) {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (existing === undefined) target[key] = isGroup(value) ? { ...value } : value;
    else if (isGroup(existing) && isGroup(value)) mergeInto(existing, value, module);
    else throw new Error(`Path ${key} of ${module} clashes with another module's`);
  }
}

function isGroup(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
