import type { FastifyInstance } from 'fastify';
import type { OrganisationRow } from '../../db/schema.ts';
import {
  DIVISIONS,
  type Division,
  loadShippedHolidays,
  PRESETS,
  type PresetName,
  type Timescales,
  yearOf,
} from '../../domain/calendar/index.ts';
import { INDEPENDENT_TIER_KINDS, INDEPENDENT_TIER_LABELS } from '../../domain/independent-tier.ts';
import {
  deriveOmbudsman,
  NATION_LABELS,
  NATIONS,
  type Nation,
  OMBUDSMAN_DETAILS,
  OMBUDSMEN,
  SECTOR_LABELS,
  SECTORS,
  type Sector,
} from '../../domain/ombudsman.ts';
import { ConflictError, type FieldError, ValidationError, zodToFieldErrors } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { dateFromParts, type FormBody, field, formBody } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { SERVICE_KINDS } from './organisation-service.ts';
import { organisationPaths as paths } from './paths.ts';
import { missingPublicContacts, settingsFormValues, settingsSchema } from './schemas.ts';

const DIVISION_LABELS: Record<Division, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

const TIMESCALE_FIELDS: { key: keyof Timescales; label: string; unit: string }[] = [
  { key: 'acknowledgeDays', label: 'Acknowledge within', unit: 'working days' },
  { key: 'stage1Days', label: 'Stage 1 (early resolution) response within', unit: 'working days' },
  {
    key: 'stage1MaxExtendedDays',
    label: 'Stage 1 maximum with an extension',
    unit: 'working days (leave empty for no limit)',
  },
  { key: 'stage2AcknowledgeDays', label: 'Acknowledge a stage 2 escalation within', unit: 'working days' },
  { key: 'stage2Days', label: 'Stage 2 (investigation) response within', unit: 'working days' },
  { key: 'outerLimitMonths', label: 'Outer limit', unit: 'calendar months (leave empty for none)' },
  { key: 'dueSoonDays', label: 'Flag as due soon', unit: 'working days before the deadline' },
];

/** The settings form's fields besides the timescales, in the order the page asks for them. */
const SETTINGS_FIELDS = [
  'name',
  'nation',
  'sector',
  'ombudsman',
  'independentTier',
  'tierName',
  'tierWebsite',
  'tierTimeLimitMonths',
  'complaintsTeamName',
  'complaintsTeamPhone',
  'contactEmail',
  'complaintsTeamAddress',
  'advocacyName',
  'advocacyUrl',
  'division',
  'preset',
] as const;

const FORM_ORDER: readonly string[] = [
  ...SETTINGS_FIELDS,
  ...TIMESCALE_FIELDS.map((f) => f.key),
  'countingConvention',
];

/** The error summary lists problems in the order the page asks its questions. */
function inFormOrder(errors: FieldError[]): FieldError[] {
  const place = (e: FieldError) => {
    const at = FORM_ORDER.indexOf(e.field);
    return at === -1 ? FORM_ORDER.length : at;
  };
  return [...errors].sort((a, b) => place(a) - place(b));
}

/** Only the form's own fields, as typed, to show again with the errors. */
function typedSettings(body: FormBody): Record<string, string> {
  return Object.fromEntries(FORM_ORDER.map((name) => [name, field(body, name)]));
}

/** The timescales are typed as text: read them as numbers here, with a message naming each field. */
function settingsFromForm(body: FormBody) {
  const overrides: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const f of TIMESCALE_FIELDS) {
    const raw = field(body, f.key).trim();
    const nullable = f.key === 'stage1MaxExtendedDays' || f.key === 'outerLimitMonths';
    if (raw === '') {
      if (nullable) overrides[f.key] = null;
      else errors.push({ field: f.key, message: `Enter a number for “${f.label}”` });
    } else if (!/^\d{1,3}$/.test(raw)) {
      errors.push({ field: f.key, message: `“${f.label}” must be a whole number` });
    } else overrides[f.key] = Number(raw);
  }
  overrides.countingConvention = field(body, 'countingConvention');
  const settings: Record<string, unknown> = Object.fromEntries(
    SETTINGS_FIELDS.map((name) => [name, field(body, name)]),
  );
  return { settings: { ...settings, overrides }, errors };
}

/** Which Ombudsman the nation and sector on the page give, and why: the typed ones if valid, else the stored. */
function derivationShown(values: FormBody, org: OrganisationRow) {
  const nation = NATIONS.find((n) => n === values.nation) ?? (org.nation as Nation);
  const sector = SECTORS.find((s) => s === values.sector) ?? (org.sector as Sector);
  const derivation = deriveOmbudsman(nation, sector);
  return derivation.kind === 'derived'
    ? { ...derivation, name: OMBUDSMAN_DETAILS[derivation.ombudsman].name }
    : derivation;
}

/** The last year of the GOV.UK bank holidays shipped with this version of Candour, for a division. */
function shippedUntil(division: Division): number {
  return Math.max(
    ...loadShippedHolidays()
      .filter((h) => h.division === division)
      .map((h) => yearOf(h.date)),
  );
}

export async function organisationRoutes(app: FastifyInstance, services: Services) {
  const { organisations, calendars } = services;

  // Organisation settings and timescales
  const settingsContext = async (organisationId: string, typed?: FormBody) => {
    const org = await organisations.get(organisationId);
    const values: FormBody = typed ?? settingsFormValues(org);
    const preset = PRESETS[values.preset as PresetName]
      ? (values.preset as PresetName)
      : (org.preset as PresetName);
    if (!typed) {
      const effective = {
        ...PRESETS[preset].timescales,
        ...(org.timescale_overrides as Partial<Timescales>),
      };
      for (const f of TIMESCALE_FIELDS) values[f.key] = String(effective[f.key] ?? '');
      values.countingConvention = effective.countingConvention;
    }
    return {
      org,
      values,
      missingContacts: missingPublicContacts(org),
      recalculating: await services.deadlines.recalculationPending(organisationId),
      derivation: derivationShown(values, org),
      presets: PRESETS,
      nations: NATIONS.map((n) => ({ value: n, text: NATION_LABELS[n] })),
      sectors: SECTORS.map((s) => ({ value: s, ...SECTOR_LABELS[s] })),
      divisions: DIVISIONS.map((d) => ({ value: d, text: DIVISION_LABELS[d] })),
      ombudsmen: OMBUDSMEN.map((o) => ({ value: o, text: OMBUDSMAN_DETAILS[o].name })),
      tiers: INDEPENDENT_TIER_KINDS.map((t) => ({ value: t, ...INDEPENDENT_TIER_LABELS[t] })),
      timescaleFields: TIMESCALE_FIELDS,
    };
  };

  app.get(
    paths.admin.settings.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const query = request.query as Record<string, string>;
      return render(request, reply, 'organisations/views/settings.njk', {
        ...(await settingsContext(actor.organisationId)),
        flash: query.saved ? 'Settings saved.' : null,
      });
    },
  );

  app.post(
    paths.admin.settings.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = formBody(request);
      const { settings, errors } = settingsFromForm(body);
      // "Change these settings" on the preview: back to the form with what was typed, nothing saved.
      if (field(body, 'confirm') === 'edit') {
        return render(request, reply, 'organisations/views/settings.njk', {
          ...(await settingsContext(actor.organisationId, typedSettings(body))),
        });
      }
      try {
        if (errors.length) {
          // List the other fields' problems too, so every problem shows at once.
          const rest = settingsSchema.safeParse({ ...settings, overrides: {} });
          throw new ValidationError([
            ...(rest.success ? [] : zodToFieldErrors(rest.error.issues)),
            ...errors,
          ]);
        }
        const next = organisations.validateSettings(settings);
        const org = await organisations.get(actor.organisationId);
        // New timescales or bank holidays move open cases' due dates: show which before anything is saved.
        if (field(body, 'confirm') !== 'recalculate' && organisations.movesDueDates(org, next)) {
          const calendar = await calendars.withSettings(
            org.id,
            next.value.division as Division,
            next.timescales,
          );
          const preview = await services.deadlines.previewOpenDeadlines(org.id, calendar);
          return render(request, reply, 'organisations/views/settings-preview.njk', {
            preview,
            more: preview.cases - preview.shown,
            hidden: Object.entries(typedSettings(body)).map(([name, value]) => ({ name, value })),
          });
        }
        await organisations.updateSettings(actor, settings);
      } catch (error) {
        if (error instanceof ValidationError) {
          const mapped = inFormOrder(
            error.errors.map((e) => ({ ...e, field: e.field.replace(/^overrides\./, '') })),
          );
          return render(
            request,
            reply,
            'organisations/views/settings.njk',
            { ...(await settingsContext(actor.organisationId, typedSettings(body))), errors: mapped },
            400,
          );
        }
        throw error;
      }
      return reply.redirect(`${paths.admin.settings()}?saved=1`, 303);
    },
  );

  // Services, teams and sites
  app.get(
    paths.admin.services.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      return render(request, reply, 'organisations/views/services.njk', {
        list: await organisations.services(actor.organisationId, true),
        kinds: SERVICE_KINDS,
        values: {},
      });
    },
  );

  app.post(
    paths.admin.services.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = formBody(request);
      try {
        await organisations.addService(actor, {
          name: field(body, 'name'),
          kind: field(body, 'kind') || undefined,
        });
      } catch (error) {
        if (error instanceof ValidationError) {
          return render(
            request,
            reply,
            'organisations/views/services.njk',
            {
              list: await organisations.services(actor.organisationId, true),
              kinds: SERVICE_KINDS,
              values: body,
              errors: error.errors,
            },
            400,
          );
        }
        throw error;
      }
      return reply.redirect(paths.admin.services(), 303);
    },
  );

  app.post(
    paths.admin.service.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params as { id: string };
      await organisations.setServiceActive(actor, id, field(formBody(request), 'active') === 'true');
      return reply.redirect(paths.admin.services(), 303);
    },
  );

  // Working-day calendar: the division's bank holidays (reference data) and the organisation's closure days
  const calendarContext = async (organisationId: string, extra: Record<string, unknown> = {}) => {
    const org = await organisations.get(organisationId);
    const year = Number(services.today().slice(0, 4));
    const [holidays, closures, recalculating, lastUpdate] = await Promise.all([
      calendars.holidayList(org.division as Division, { from: year, to: year + 2 }),
      organisations.closureDays(organisationId),
      services.deadlines.recalculationPending(organisationId),
      services.bankHolidays.lastUpdate(org.division as Division),
    ]);
    return {
      org,
      recalculating,
      lastUpdate,
      shippedUntil: shippedUntil(org.division as Division),
      divisionLabel: DIVISION_LABELS[org.division as Division],
      holidays,
      closures,
      values: {},
      ...extra,
    };
  };

  app.get(
    paths.admin.calendar.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      return render(
        request,
        reply,
        'organisations/views/calendar.njk',
        await calendarContext(actor.organisationId),
      );
    },
  );

  app.post(
    paths.admin.closureDays.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = formBody(request);
      const day = dateFromParts(body, 'closureDay', 'the closure day');
      try {
        if (day.error) throw new ValidationError([{ field: 'closureDay', message: day.error }]);
        await organisations.addClosureDay(actor, { day: day.value, reason: field(body, 'closureReason') });
      } catch (error) {
        if (error instanceof ValidationError || error instanceof ConflictError) {
          const errors =
            error instanceof ValidationError
              ? error.errors.map((e) => ({
                  ...e,
                  field: e.field === 'reason' ? 'closureReason' : e.field === 'day' ? 'closureDay' : e.field,
                }))
              : [{ field: 'closureDay', message: error.message }];
          return render(
            request,
            reply,
            'organisations/views/calendar.njk',
            await calendarContext(actor.organisationId, { values: body, errors }),
            400,
          );
        }
        throw error;
      }
      return reply.redirect(paths.admin.calendar(), 303);
    },
  );

  app.post(
    paths.admin.closureDay.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      await organisations.removeClosureDay(actor, (request.params as { day: string }).day);
      return reply.redirect(paths.admin.calendar(), 303);
    },
  );
}
