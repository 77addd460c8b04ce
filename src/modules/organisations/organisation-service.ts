import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuditService } from '../../audit/audit-service.ts';
import type { Actor } from '../../auth/roles.ts';
import type { CalendarService } from '../../calendar/calendar-service.ts';
import type { Db } from '../../db/database.ts';
import type { OrganisationRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import {
  isIsoDate,
  PRESETS,
  type PresetName,
  resolveTimescales,
  type Timescales,
  timescalesSchema,
} from '../../domain/calendar/index.ts';
import { deriveOmbudsman, usualJurisdiction } from '../../domain/ombudsman.ts';
import { ConflictError, NotFoundError, ValidationError, zodToFieldErrors } from '../../errors.ts';
import { organisationInputSchema, type Settings, settingsSchema } from './schemas.ts';

export { type OrganisationInput, organisationInputSchema, type Settings, settingsSchema } from './schemas.ts';

export const SERVICE_KINDS = ['service', 'team', 'site'] as const;

export interface ServiceRow {
  id: string;
  name: string;
  kind: string;
  active: boolean;
}

/** Settings read from the form: what is stored, and the timescales in full. */
export interface ValidSettings {
  value: Settings;
  timescales: Timescales;
  overrides: Record<string, unknown>;
}

export class OrganisationService {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarService,
    private readonly audit: AuditService,
    /** Asks, in the transaction of a calendar or timescale change, for open cases' due dates to follow it. */
    private readonly requestRecalculation: (
      executor: Db,
      organisationId: string,
      reason: 'settings' | 'closure-days',
    ) => Promise<void>,
  ) {}

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(input: unknown): Promise<OrganisationRow> {
    const parsed = organisationInputSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error.issues));
    const value = parsed.data;
    const usual = usualJurisdiction(value.division, value.preset);
    const nation = value.nation ?? usual.nation;
    const sector = value.sector ?? usual.sector;
    const derivation = deriveOmbudsman(nation, sector);
    if (derivation.kind === 'refused')
      throw new ValidationError([{ field: 'sector', message: derivation.reason }]);
    const existing = await this.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', value.slug)
      .executeTakeFirst();
    if (existing)
      throw new ValidationError([{ field: 'slug', message: `The short name ${value.slug} is already used` }]);
    return this.db
      .insertInto('organisations')
      .values({
        id: randomUUID(),
        slug: value.slug,
        name: value.name,
        parent_id: value.parentId ?? null,
        division: value.division,
        nation,
        sector,
        ombudsman_override: value.ombudsmanOverride ?? null,
        preset: value.preset,
        timescale_overrides: '{}',
        complaints_team_name: null,
        complaints_team_phone: null,
        contact_email: null,
        complaints_team_address: null,
        advocacy_name: null,
        advocacy_url: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async get(id: string): Promise<OrganisationRow> {
    const org = await this.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!org) throw new NotFoundError('Organisation');
    return org;
  }

  async bySlug(slug: string): Promise<OrganisationRow | undefined> {
    return this.db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  async ids(): Promise<string[]> {
    return (await this.db.selectFrom('organisations').select('id').orderBy('created_at').execute()).map(
      (o) => o.id,
    );
  }

  async list(): Promise<OrganisationRow[]> {
    return this.db.selectFrom('organisations').selectAll().orderBy('name').execute();
  }

  /** The organisation the public form serves when there is one; public URLs may name it by slug. */
  async defaultPublic(): Promise<OrganisationRow | undefined> {
    return this.db.selectFrom('organisations').selectAll().orderBy('created_at').limit(1).executeTakeFirst();
  }

  /** Reads the settings form: throws a ValidationError listing every problem, or gives what would be stored. */
  validateSettings(input: unknown): ValidSettings {
    const parsed = settingsSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error.issues));
    const value = parsed.data;
    const base = PRESETS[value.preset as PresetName].timescales;
    const full = timescalesSchema.safeParse({ ...base, ...value.overrides });
    if (!full.success) {
      throw new ValidationError(
        zodToFieldErrors(full.error.issues).map((e) => ({ ...e, field: `overrides.${e.field}` })),
      );
    }
    // Keep only what differs from the preset, so a later change of preset is not masked by stale copies.
    const overrides = Object.fromEntries(
      Object.entries(full.data).filter(([key, v]) => v !== base[key as keyof typeof base]),
    );
    return { value, timescales: full.data, overrides };
  }

  /** Whether saving these settings would move due dates: a new division (bank holidays) or new timescales. */
  movesDueDates(
    org: Pick<OrganisationRow, 'division' | 'preset' | 'timescale_overrides'>,
    next: ValidSettings,
  ) {
    const before = resolveTimescales(org.preset as PresetName, org.timescale_overrides);
    return org.division !== next.value.division || !sameTimescales(before, next.timescales);
  }

  async updateSettings(actor: Actor, input: unknown): Promise<void> {
    const next = this.validateSettings(input);
    const { value, overrides } = next;
    await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('organisations')
        .select(['division', 'preset', 'timescale_overrides'])
        .where('id', '=', actor.organisationId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('organisations')
        .set({
          name: value.name,
          nation: value.nation,
          sector: value.sector,
          ombudsman_override: value.ombudsmanOverride,
          independent_tier: value.tier?.kind ?? 'none',
          independent_tier_name: value.tier?.kind === 'other' ? value.tier.name : null,
          independent_tier_website: value.tier?.kind === 'other' ? value.tier.website : null,
          independent_tier_time_limit_months:
            value.tier?.kind === 'other' ? value.tier.timeLimitMonths : null,
          complaints_team_name: value.complaintsTeamName,
          complaints_team_phone: value.complaintsTeamPhone,
          contact_email: value.contactEmail,
          complaints_team_address: value.complaintsTeamAddress,
          advocacy_name: value.advocacyName,
          advocacy_url: value.advocacyUrl,
          division: value.division,
          preset: value.preset as PresetName,
          timescale_overrides: JSON.stringify(overrides),
        })
        .where('id', '=', actor.organisationId)
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'organisation.settings.update',
          entityType: 'organisation',
          entityId: actor.organisationId,
          detail: {
            preset: value.preset,
            division: value.division,
            nation: value.nation,
            sector: value.sector,
            ombudsmanOverride: value.ombudsmanOverride,
            independentTier: value.tier?.kind ?? 'none',
            overrides,
          },
        },
        trx,
      );
      // A new name or contact details move no due dates; a new division or timescales do.
      if (this.movesDueDates(before, next)) {
        await this.requestRecalculation(trx, actor.organisationId, 'settings');
      }
    });
    this.calendars.invalidate(actor.organisationId);
  }

  async services(organisationId: string, includeInactive = false): Promise<ServiceRow[]> {
    let q = this.db
      .selectFrom('services')
      .select(['id', 'name', 'kind', 'active'])
      .where('organisation_id', '=', organisationId);
    if (!includeInactive) q = q.where('active', '=', true);
    return q.orderBy('name').execute();
  }

  async addService(actor: Actor, input: unknown): Promise<ServiceRow> {
    const parsed = z
      .object({
        name: z
          .string()
          .trim()
          .min(1, 'Enter the name of the service, team or site')
          .max(200, 'Name must be 200 characters or fewer'),
        kind: z.enum(SERVICE_KINDS, { message: 'Select whether this is a service, team or site' }),
      })
      .safeParse(input);
    if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error.issues));
    const { name, kind } = parsed.data;
    const clash = await this.serviceNamed(actor.organisationId, name);
    if (clash) throw new ValidationError([{ field: 'name', message: `${clash.name} already exists` }]);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('services')
          .values({ id: randomUUID(), organisation_id: actor.organisationId, name, kind })
          .returning(['id', 'name', 'kind', 'active'])
          .executeTakeFirstOrThrow();
        await this.audit.record(
          actor,
          { action: 'service.create', entityType: 'service', entityId: row.id },
          trx,
        );
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'services_organisation_id_name_key'))
        throw new ValidationError([{ field: 'name', message: `${name} already exists` }]);
      throw error;
    }
  }

  /** A service of the organisation with this name, whatever its capitals. */
  private serviceNamed(organisationId: string, name: string): Promise<{ name: string } | undefined> {
    return this.db
      .selectFrom('services')
      .select('name')
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
  }

  async setServiceActive(actor: Actor, serviceId: string, active: boolean): Promise<void> {
    if (!z.string().uuid().safeParse(serviceId).success) throw new NotFoundError('Service');
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('services')
        .set({ active })
        .where('organisation_id', '=', actor.organisationId)
        .where('id', '=', serviceId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('Service');
      await this.audit.record(
        actor,
        {
          action: active ? 'service.activate' : 'service.deactivate',
          entityType: 'service',
          entityId: serviceId,
        },
        trx,
      );
    });
  }

  async closureDays(organisationId: string): Promise<{ day: string; reason: string }[]> {
    return this.db
      .selectFrom('closure_days')
      .select(['day', 'reason'])
      .where('organisation_id', '=', organisationId)
      .orderBy('day')
      .execute();
  }

  async addClosureDay(actor: Actor, input: unknown): Promise<void> {
    const parsed = z
      .object({
        day: z
          .string()
          .trim()
          .refine(isIsoDate, 'Enter the closure day as a real date, for example 2026-12-24'),
        reason: z
          .string()
          .trim()
          .min(1, 'Enter the reason for the closure')
          .max(200, 'Reason must be 200 characters or fewer'),
      })
      .safeParse(input);
    if (!parsed.success) throw new ValidationError(zodToFieldErrors(parsed.error.issues));
    const { day, reason } = parsed.data;
    const taken = new ConflictError(`${day} is already a closure day`);
    if (await this.isClosureDay(actor.organisationId, day)) throw taken;
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('closure_days')
          .values({ organisation_id: actor.organisationId, day, reason })
          .execute();
        await this.audit.record(
          actor,
          { action: 'closure-day.add', entityType: 'closure-day', entityId: day },
          trx,
        );
        await this.requestRecalculation(trx, actor.organisationId, 'closure-days');
      });
    } catch (error) {
      if (isUniqueViolation(error, 'closure_days_pkey')) throw taken;
      throw error;
    }
    this.calendars.invalidate(actor.organisationId);
  }

  private async isClosureDay(organisationId: string, day: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('closure_days')
      .select('day')
      .where('organisation_id', '=', organisationId)
      .where('day', '=', day)
      .executeTakeFirst();
    return row !== undefined;
  }

  async removeClosureDay(actor: Actor, day: string): Promise<void> {
    if (!isIsoDate(day)) throw new NotFoundError('Closure day');
    await this.db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('closure_days')
        .where('organisation_id', '=', actor.organisationId)
        .where('day', '=', day)
        .executeTakeFirst();
      // Not one of ours (another organisation's, or removed already): nothing to remove or to record.
      if (Number(removed.numDeletedRows) === 0) throw new NotFoundError('Closure day');
      await this.audit.record(
        actor,
        { action: 'closure-day.remove', entityType: 'closure-day', entityId: day },
        trx,
      );
      await this.requestRecalculation(trx, actor.organisationId, 'closure-days');
    });
    this.calendars.invalidate(actor.organisationId);
  }
}

/** Both are parsed by the same schema, so their keys come in the same order. */
function sameTimescales(a: Timescales, b: Timescales): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
