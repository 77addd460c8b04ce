import type { FastifyInstance } from 'fastify';
import {
  DIVISIONS,
  type Division,
  PRESETS,
  type PresetName,
  type Timescales,
} from '../../domain/calendar/index.ts';
import { OMBUDSMAN_DETAILS, OMBUDSMEN } from '../../domain/ombudsman.ts';
import { ConflictError, ValidationError, zodToFieldErrors } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { dateFromParts, field, formBody } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { SERVICE_KINDS, settingsSchema } from './organisation-service.ts';
import { organisationPaths as paths } from './paths.ts';

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

export async function organisationRoutes(app: FastifyInstance, services: Services) {
  const { organisations, calendars } = services;

  // Organisation settings and timescales
  const settingsContext = async (organisationId: string, values?: Record<string, unknown>) => {
    const org = await organisations.get(organisationId);
    const preset = (values?.preset as PresetName) ?? (org.preset as PresetName);
    const effective = { ...PRESETS[preset].timescales, ...(org.timescale_overrides as Partial<Timescales>) };
    return {
      org,
      values: values ?? {
        name: org.name,
        division: org.division,
        preset: org.preset,
        ombudsman: org.ombudsman,
        contactEmail: org.contact_email ?? '',
        ...Object.fromEntries(TIMESCALE_FIELDS.map((f) => [f.key, effective[f.key] ?? ''])),
        countingConvention: effective.countingConvention,
      },
      presets: PRESETS,
      divisions: DIVISIONS.map((d) => ({ value: d, text: DIVISION_LABELS[d] })),
      ombudsmen: OMBUDSMEN.map((o) => ({ value: o, text: OMBUDSMAN_DETAILS[o].name })),
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
        flash: query.saved ? 'Settings saved. Open complaints’ due dates have been recalculated.' : null,
      });
    },
  );

  app.post(
    paths.admin.settings.pattern,
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = formBody(request);
      const overrides: Record<string, unknown> = {};
      const errors = [];
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
      const settings = {
        name: field(body, 'name'),
        division: field(body, 'division'),
        preset: field(body, 'preset'),
        ombudsman: field(body, 'ombudsman'),
        contactEmail: field(body, 'contactEmail'),
        overrides,
      };
      try {
        if (errors.length) {
          // List the other fields' problems too, so every problem shows at once.
          const rest = settingsSchema.safeParse({ ...settings, overrides: {} });
          throw new ValidationError([
            ...(rest.success ? [] : zodToFieldErrors(rest.error.issues)),
            ...errors,
          ]);
        }
        await organisations.updateSettings(actor, settings);
      } catch (error) {
        if (error instanceof ValidationError) {
          const mapped = error.errors.map((e) => ({ ...e, field: e.field.replace(/^overrides\./, '') }));
          return render(
            request,
            reply,
            'organisations/views/settings.njk',
            { ...(await settingsContext(actor.organisationId, body)), errors: mapped },
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
    const [holidays, closures] = await Promise.all([
      calendars.holidayList(org.division as Division, { from: year, to: year + 2 }),
      organisations.closureDays(organisationId),
    ]);
    return {
      org,
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
