import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { z } from 'zod';
import type { Permission, PermissionDefinitions } from '../auth/permissions.ts';
import type { Actor } from '../auth/roles.ts';
import type { ComplaintRow } from '../db/schema.ts';
import type { IsoDate } from '../domain/calendar/index.ts';
import type { Job } from '../jobs/scheduler.ts';
import type { Services } from '../services.ts';

/**
 * A capability of the product, declared in one place. The composition root, the app, the case page, the
 * OpenAPI document, the scheduler and the personal-data register loop over the modules (src/modules/index.ts),
 * so adding a capability is adding a folder and one line to that list.
 */
export interface Module {
  /** Short, unique, in kebab-case: also the folder name. */
  readonly name: string;
  readonly permissions?: PermissionDefinitions;
  /** Named like 0004-what-it-does; names are global and run in name order, after the platform's. */
  readonly migrations?: Readonly<Record<string, Migration>>;
  /** Every table the module owns, with the personal data it holds and how long it is kept. */
  readonly tables?: readonly TableDeclaration[];
  /** Audit actions the module records (their type comes from the module's declaration merging). */
  readonly auditActions?: readonly string[];
  /** Timeline event types the module records, with the words shown for each. */
  readonly eventTypes?: Readonly<Record<string, string>>;
  /** Builds the module's services from those already built (modules are built in list order). */
  services?(services: Services): Partial<Services>;
  routes?(app: FastifyInstance, services: Services): Promise<void> | void;
  /** Routes of the JSON API, registered in a scope that accepts JSON bodies only. */
  apiRoutes?(app: FastifyInstance, services: Services): Promise<void> | void;
  readonly navigation?: readonly NavigationEntry[];
  readonly caseSections?: readonly CaseSection[];
  /**
   * Pages of a case in its sub-navigation (Overview, Issues and outcomes…). A page the cases module serves
   * shows the sections declared with its id; a page with `ownRoute` is served by its module, which includes
   * the case header (`src/views/partials/case-header.njk`).
   */
  readonly casePages?: readonly CasePage[];
  /**
   * What is outstanding on the case, shown as the overview's checklist and read by the next-step derivation
   * (`src/modules/cases/next-steps.ts`): "Outcome missing for issue 2", "Acknowledgement not sent".
   */
  caseChecklist?(context: CaseSectionContext): Promise<readonly ChecklistItem[]>;
  /**
   * Success banners on the pages of a case, by the query parameter a redirect sets (`?done=escalate`): a
   * sentence that states the result and the next step.
   */
  readonly caseMessages?: Readonly<Record<string, (value: string, complaint: ComplaintRow) => string | null>>;
  /** Links on the administration page. */
  readonly adminLinks?: readonly AdminLink[];
  /** The module's URL helpers, offered to templates as `paths.<key>`. */
  readonly paths?: Readonly<Record<string, unknown>>;
  /** Values and functions offered to every template (labels, mostly). */
  readonly templateGlobals?: Readonly<Record<string, unknown>>;
  readonly openApi?: OpenApiContribution;
  jobs?(services: Services): Job[];
}

export function defineModule<const M extends Module>(module: M): M {
  return module;
}

export interface NavigationEntry {
  readonly text: string;
  readonly href: string;
  /** Shown to anyone with any of these permissions. */
  readonly access: readonly Permission[];
  /** Lower comes first. */
  readonly order: number;
}

export interface AdminLink {
  readonly text: string;
  readonly hint: string;
  readonly href: string;
  readonly access: readonly Permission[];
  readonly order: number;
}

/** Who the personal data in a table is about; `none` for tables that hold none. */
export type DataSubject = 'complainant' | 'colleague' | 'staff' | 'none';

export interface TableDeclaration {
  readonly table: string;
  /** Carries organisation_id: composite keys, and the tenancy guard checks every query on it. */
  readonly tenant: boolean;
  readonly subject: DataSubject;
  /** The columns holding personal data (empty when `subject` is none). */
  readonly personalColumns: readonly string[];
  /** The retention rule in words, with its source where there is one. */
  readonly retention: string;
}

/** A page of a case, listed in its sub-navigation. */
export interface CasePage {
  /** Sections name it as their `page`. */
  readonly id: string;
  readonly title: string;
  /** Lower comes first in the sub-navigation. */
  readonly order: number;
  /** Its URL, from the case's reference; the pattern is registered by the cases module unless `ownRoute`. */
  readonly path: ((reference: string) => string) & { readonly pattern: string };
  /** Who sees it; anyone who can read the case when left out. */
  readonly access?: readonly Permission[];
  /** Served by the module's own route rather than built from sections. */
  readonly ownRoute?: boolean;
}

/** Something outstanding on a case, linking to where it is put right. */
export interface ChecklistItem {
  /** What kind of thing is missing: next steps read it ('issue-outcome-missing', 'acknowledgement-not-sent'). */
  readonly id: string;
  readonly text: string;
  /** Where it is put right, when this person can do it. */
  readonly href?: string;
}

export interface CaseSectionContext {
  actor: Actor;
  complaint: ComplaintRow;
  services: Services;
  today: IsoDate;
}

/** A part of the case page: what it needs to see, what it loads, and the template that shows it. */
export interface CaseSection<T = unknown> {
  /** Also the id of the section's heading, so the page's list of sections can link to it. */
  readonly id: string;
  readonly title: string;
  readonly order: number;
  /** The page of the case it is shown on (a `CasePage` id); the overview when left out. */
  readonly page?: string;
  /**
   * Where it goes on its page: the 'overview' sections and the 'side' sections beside them (two thirds and
   * one third), then every other section below, full width.
   */
  readonly column?: 'overview' | 'side';
  /** Who sees the section; anyone who can read the case when left out. */
  readonly access?: readonly Permission[];
  load(context: CaseSectionContext): Promise<T>;
  /** Rendered with `s` (this declaration), `data` (what load returned) and the case page's context. */
  readonly template: string;
  /** The section's part of the case in the JSON API (GET /api/v1/complaints/{reference}). */
  readonly json?: SectionJson<T>;
}

export interface SectionJson<T> {
  /** The fields it adds to the Complaint document, for the OpenAPI description and response checks. */
  readonly shape: Readonly<Record<string, z.ZodType>>;
  toJson(data: T, complaint: ComplaintRow): Record<string, unknown>;
  /** The data of a case just recorded, known without a query, so the reply to a create needs no read-back. */
  whenNew?(context: CaseSectionContext, received: { events: readonly unknown[] }): T | Promise<T>;
}

/** Declares a section with its data type checked between `load`, `json` and `whenNew`. */
export function defineSection<T>(section: CaseSection<T>): CaseSection<T> {
  return section;
}

export interface OpenApiContribution {
  readonly schemas?: Readonly<Record<string, z.ZodType>>;
  /** OpenAPI path items, keyed by path in OpenAPI form (/api/v1/complaints/{reference}). */
  readonly paths?: Readonly<Record<string, unknown>>;
  readonly tags?: readonly { name: string; description: string }[];
  /** OpenAPI discriminators to set on generated component schemas, by component name. */
  readonly discriminators?: Readonly<Record<string, unknown>>;
}
