import type { FastifyInstance } from 'fastify';
import { can, ROLES } from '../../auth/roles.ts';
import {
  DIVISIONS,
  type Division,
  PRESETS,
  type PresetName,
  type Timescales,
} from '../../domain/calendar/index.ts';
import { OMBUDSMAN_DETAILS, OMBUDSMEN } from '../../domain/ombudsman.ts';
import { ConflictError, ValidationError, zodToFieldErrors } from '../../errors.ts';
import { SERVICE_KINDS, settingsSchema } from '../../organisations/organisation-service.ts';
import type { Services } from '../../services.ts';
import { dateFromParts, field, formBody } from '../form-helpers.ts';
import { paths } from '../paths.ts';
import { render } from '../render.ts';
import { requireActor } from '../request-context.ts';

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

export async function adminRoutes(app: FastifyInstance, services: Services) {
  const { organisations, calendars, auth, apiTokens } = services;

  app.get(paths.admin.index(), { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = requireActor(request);
    const links = [
      {
        perm: 'organisation:manage',
        href: paths.admin.settings(),
        text: 'Organisation and timescales',
        hint: 'Name, UK division, Ombudsman, timescale preset and overrides',
      },
      {
        perm: 'organisation:manage',
        href: paths.admin.services(),
        text: 'Services, teams and sites',
        hint: 'What complaints can be about',
      },
      {
        perm: 'organisation:manage',
        href: paths.admin.calendar(),
        text: 'Working-day calendar',
        hint: 'Bank holidays and closure days used for every deadline',
      },
      {
        perm: 'users:manage',
        href: paths.admin.users(),
        text: 'People and roles',
        hint: 'Who can sign in and what they can do',
      },
      {
        perm: 'api-tokens:manage',
        href: paths.admin.tokens(),
        text: 'API tokens',
        hint: 'Access for other systems',
      },
      {
        perm: 'templates:manage',
        href: paths.admin.templates(),
        text: 'Letter and email templates',
        hint: 'Acknowledgement, extension, outcome and final response',
      },
      {
        perm: 'outbox:manage',
        href: paths.admin.outbox(),
        text: 'Notifications outbox',
        hint: 'Emails sent, waiting and failed',
      },
    ].filter((l) => can(actor.role, l.perm as Parameters<typeof can>[1]));
    if (links.length === 0) return render(request, reply, 'errors/forbidden.njk', {}, 403);
    return render(request, reply, 'admin/index.njk', { links });
  });

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

  app.get(paths.admin.settings(), { config: { access: 'organisation:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const query = request.query as Record<string, string>;
    return render(request, reply, 'admin/settings.njk', {
      ...(await settingsContext(actor.organisationId)),
      flash: query.saved ? 'Settings saved. Open complaints’ due dates have been recalculated.' : null,
    });
  });

  app.post(paths.admin.settings(), { config: { access: 'organisation:manage' } }, async (request, reply) => {
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
        throw new ValidationError([...(rest.success ? [] : zodToFieldErrors(rest.error.issues)), ...errors]);
      }
      await organisations.updateSettings(actor, settings);
    } catch (error) {
      if (error instanceof ValidationError) {
        const mapped = error.errors.map((e) => ({ ...e, field: e.field.replace(/^overrides\./, '') }));
        return render(
          request,
          reply,
          'admin/settings.njk',
          { ...(await settingsContext(actor.organisationId, body)), errors: mapped },
          400,
        );
      }
      throw error;
    }
    return reply.redirect(`${paths.admin.settings()}?saved=1`, 303);
  });

  // Services, teams and sites
  app.get(paths.admin.services(), { config: { access: 'organisation:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    return render(request, reply, 'admin/services.njk', {
      list: await organisations.services(actor.organisationId, true),
      kinds: SERVICE_KINDS,
      values: {},
    });
  });

  app.post(paths.admin.services(), { config: { access: 'organisation:manage' } }, async (request, reply) => {
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
          'admin/services.njk',
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
  });

  app.post('/admin/services/:id', { config: { access: 'organisation:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    await organisations.setServiceActive(actor, id, field(formBody(request), 'active') === 'true');
    return reply.redirect(paths.admin.services(), 303);
  });

  // Working-day calendar: bank holidays (shipped, loaded or added) and closure days
  const calendarContext = async (organisationId: string, extra: Record<string, unknown> = {}) => {
    const org = await organisations.get(organisationId);
    const year = Number(services.complaints.today().slice(0, 4));
    const [holidays, closures, added] = await Promise.all([
      calendars.holidayList(org.division as Division, { from: year, to: year + 2 }),
      organisations.closureDays(organisationId),
      calendars.addedHolidays(org.division as Division),
    ]);
    return {
      org,
      divisionLabel: DIVISION_LABELS[org.division as Division],
      holidays,
      closures,
      added,
      values: {},
      ...extra,
    };
  };

  app.get(paths.admin.calendar(), { config: { access: 'organisation:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    return render(request, reply, 'admin/calendar.njk', await calendarContext(actor.organisationId));
  });

  app.post(
    '/admin/calendar/closure-days',
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
            'admin/calendar.njk',
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
    '/admin/calendar/closure-days/:day/delete',
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      await organisations.removeClosureDay(actor, (request.params as { day: string }).day);
      return reply.redirect(paths.admin.calendar(), 303);
    },
  );

  app.post(
    '/admin/calendar/holidays',
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = formBody(request);
      const org = await organisations.get(actor.organisationId);
      const day = dateFromParts(body, 'holidayDay', 'the date of the bank holiday');
      const title = field(body, 'holidayTitle').trim();
      const errors = [];
      if (day.error) errors.push({ field: 'holidayDay', message: day.error });
      if (!title) errors.push({ field: 'holidayTitle', message: 'Enter the name of the bank holiday' });
      else if (title.length > 100)
        errors.push({ field: 'holidayTitle', message: 'Name must be 100 characters or fewer' });
      if (errors.length)
        return render(
          request,
          reply,
          'admin/calendar.njk',
          await calendarContext(actor.organisationId, { values: body, errors }),
          400,
        );
      await calendars.addHoliday(org.division as Division, day.value as string, title);
      await services.audit.record(actor, {
        action: 'bank-holiday.add',
        entityType: 'bank-holiday',
        entityId: day.value,
      });
      await recomputeAll(services);
      return reply.redirect(paths.admin.calendar(), 303);
    },
  );

  app.post(
    '/admin/calendar/holidays/:day/delete',
    { config: { access: 'organisation:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const org = await organisations.get(actor.organisationId);
      const { day } = request.params as { day: string };
      await calendars.removeHoliday(org.division as Division, day);
      await services.audit.record(actor, {
        action: 'bank-holiday.remove',
        entityType: 'bank-holiday',
        entityId: day,
      });
      await recomputeAll(services);
      return reply.redirect(paths.admin.calendar(), 303);
    },
  );

  // People and roles
  const usersContext = async (organisationId: string, extra: Record<string, unknown> = {}) => ({
    users: await auth.listUsers(organisationId),
    roles: ROLES,
    values: {},
    ...extra,
  });

  app.get(paths.admin.users(), { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const query = request.query as Record<string, string>;
    return render(
      request,
      reply,
      'admin/users.njk',
      await usersContext(actor.organisationId, {
        flash: query.invited ? `Invitation sent to ${query.invited}.` : null,
      }),
    );
  });

  app.post(paths.admin.users(), { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const body = formBody(request);
    try {
      const { user } = await auth.createUser(
        actor.organisationId,
        { name: field(body, 'name'), email: field(body, 'email'), role: field(body, 'role') || undefined },
        actor,
        (token) => ({
          subject: 'You have been given access to Candour',
          body: `${actor.label} has given you access to Candour, the complaints system.\n\nCreate your password with this link. It works once and expires in 72 hours:\n\n${services.config.baseUrl}${paths.setPassword(token)}`,
        }),
      );
      return reply.redirect(`${paths.admin.users()}?invited=${encodeURIComponent(user.email)}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return render(
          request,
          reply,
          'admin/users.njk',
          await usersContext(actor.organisationId, { values: body, errors: error.errors }),
          400,
        );
      }
      throw error;
    }
  });

  app.post('/admin/users/:id', { config: { access: 'users:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const body = formBody(request);
    const role = field(body, 'role');
    const active = field(body, 'active');
    try {
      await auth.updateUser(actor, id, {
        ...(role ? { role } : {}),
        ...(active ? { active: active === 'true' } : {}),
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        return render(
          request,
          reply,
          'admin/users.njk',
          await usersContext(actor.organisationId, {
            errors: error.errors.map((e) => ({ ...e, field: `role-${id}` })),
          }),
          400,
        );
      }
      throw error;
    }
    return reply.redirect(paths.admin.users(), 303);
  });

  // API tokens
  app.get(paths.admin.tokens(), { config: { access: 'api-tokens:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    return render(request, reply, 'admin/tokens.njk', {
      tokens: await apiTokens.list(actor.organisationId),
      roles: ROLES,
      values: {},
    });
  });

  app.post(paths.admin.tokens(), { config: { access: 'api-tokens:manage' } }, async (request, reply) => {
    const actor = requireActor(request);
    const body = formBody(request);
    try {
      const { token } = await apiTokens.create(
        actor.organisationId,
        field(body, 'role'),
        field(body, 'name'),
        actor,
      );
      // Shown once, on this response only; it is never stored in a form we can show again.
      return render(request, reply, 'admin/tokens.njk', {
        tokens: await apiTokens.list(actor.organisationId),
        roles: ROLES,
        values: {},
        newToken: token,
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        return render(
          request,
          reply,
          'admin/tokens.njk',
          {
            tokens: await apiTokens.list(actor.organisationId),
            roles: ROLES,
            values: body,
            errors: error.errors,
          },
          400,
        );
      }
      throw error;
    }
  });

  app.post(
    '/admin/api-tokens/:id/revoke',
    { config: { access: 'api-tokens:manage' } },
    async (request, reply) => {
      const actor = requireActor(request);
      await apiTokens.revoke(actor, (request.params as { id: string }).id);
      return reply.redirect(paths.admin.tokens(), 303);
    },
  );
}

/** A bank holiday belongs to a whole division, so every organisation's open cases follow it. */
async function recomputeAll(services: Services) {
  for (const org of await services.organisations.list())
    await services.complaints.recomputeOpenDeadlines(org.id);
}
