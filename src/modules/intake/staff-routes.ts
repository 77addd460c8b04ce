import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../../errors.ts';
import { ValidationError, zodToFieldErrors } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { dateFromParts, type FormBody, field, formBody, mergeErrors } from '../../web/form-helpers.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { casePaths } from '../cases/paths.ts';
import { CHANNELS, CONSENT_VALUES, complaintIntakeSchema } from './intake-schema.ts';
import { intakePaths } from './paths.ts';

/** Staff recording a complaint that came by phone, letter, email or in person. */
export async function staffIntakeRoutes(app: FastifyInstance, services: Services) {
  app.get(
    intakePaths.complaints.new.pattern,
    { config: { access: 'complaint:create' } },
    async (request, reply) => {
      const actor = requireActor(request);
      return render(
        request,
        reply,
        'intake/views/new.njk',
        await newComplaintContext(services, actor.organisationId, {}),
      );
    },
  );

  app.post(
    intakePaths.complaints.new.pattern,
    { config: { access: 'complaint:create' } },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = formBody(request);
      const { input, errors } = staffIntake(body, services.today());
      try {
        if (errors.length) {
          // Check the rest of the form too, so every problem is listed at once.
          const rest = complaintIntakeSchema.safeParse({ ...input, receivedAt: new Date().toISOString() });
          throw new ValidationError(rest.success ? [] : zodToFieldErrors(rest.error.issues));
        }
        const row = await services.intake.create(actor.organisationId, input, actor);
        return reply.redirect(`${casePaths.complaints.show(row.reference)}?created=1`, 303);
      } catch (error) {
        if (error instanceof ValidationError) {
          const all = inFormOrder(mergeErrors(errors, error.errors.map(mapIntakeField)));
          return render(
            request,
            reply,
            'intake/views/new.njk',
            { ...(await newComplaintContext(services, actor.organisationId, body)), errors: all },
            400,
          );
        }
        throw error;
      }
    },
  );
}

async function newComplaintContext(
  services: Services,
  organisationId: string,
  values: Record<string, unknown>,
) {
  return {
    values,
    channels: CHANNELS.filter((c) => c !== 'online'),
    consentValues: CONSENT_VALUES,
    services: await services.organisations.services(organisationId),
  };
}

/** The staff form's fields as the intake the service validates; date parts are checked here. */
function staffIntake(body: FormBody, today: string) {
  const errors: FieldError[] = [];
  const received = dateFromParts(body, 'receivedOn', 'the date the complaint was received');
  if (received.error) errors.push({ field: 'receivedOn', message: received.error });
  else if (received.value && received.value > today)
    errors.push({ field: 'receivedOn', message: 'The date received must be today or in the past' });
  const time = field(body, 'receivedTime').trim();
  if (time && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time))
    errors.push({ field: 'receivedTime', message: 'Enter the time as hours and minutes, like 14:30' });
  // Optional: left blank, it is not known.
  const awareGiven = ['day', 'month', 'year'].some((p) => field(body, `becameAware-${p}`).trim() !== '');
  const aware = awareGiven ? dateFromParts(body, 'becameAware', 'the date they became aware') : null;
  if (aware?.error) errors.push({ field: 'becameAware', message: aware.error });
  else if (aware?.value && aware.value > today)
    errors.push({ field: 'becameAware', message: 'The date they became aware must be today or in the past' });
  const onBehalf = field(body, 'onBehalf') === 'yes';
  const timeGiven = time !== '' && !errors.some((e) => e.field === 'receivedTime');
  const receivedAt = received.value
    ? timeGiven
      ? londonDateTime(received.value, time)
      : notLaterThanNow(londonDateTime(received.value, '12:00'))
    : '';
  const input = {
    channel: field(body, 'channel') || undefined,
    receivedAt,
    complainant: {
      name: field(body, 'name'),
      email: field(body, 'email'),
      phone: field(body, 'phone'),
      address: field(body, 'address'),
      preferredContact: field(body, 'preferredContact') || null,
    },
    onBehalfOf: onBehalf
      ? {
          name: field(body, 'behalfName'),
          relationship: field(body, 'behalfRelationship'),
          consent: field(body, 'behalfConsent') || undefined,
        }
      : null,
    description: field(body, 'description'),
    whenHappened: field(body, 'whenHappened'),
    becameAwareOn: aware?.value ?? null,
    serviceId: field(body, 'serviceId') || null,
    outcomeSought: field(body, 'outcomeSought'),
    adjustments: field(body, 'adjustments'),
  };
  return { input, errors };
}

/**
 * Without a time, a complaint is taken as received at midday, or now when midday has not come yet: one
 * taken this morning, and recorded before noon, was received today, not in the future.
 */
function notLaterThanNow(at: string): string {
  const now = new Date();
  return new Date(at) > now ? now.toISOString() : at;
}

/** A wall-clock time in London on a date, as an instant (handles BST). */
function londonDateTime(date: string, time: string): string {
  const [h, m] = time.split(':').map(Number);
  const guess = new Date(`${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`);
  const london = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    hourCycle: 'h23',
  }).format(guess);
  const offsetHours = Number(london) - (h ?? 0);
  return new Date(guess.getTime() - ((offsetHours + 24) % 24) * 3600_000).toISOString();
}

const INTAKE_FIELD_IDS: Record<string, string> = {
  'complainant.name': 'name',
  'complainant.email': 'email',
  'complainant.phone': 'phone',
  'complainant.address': 'address',
  'onBehalfOf.name': 'behalfName',
  'onBehalfOf.relationship': 'behalfRelationship',
  'onBehalfOf.consent': 'behalfConsent',
  receivedAt: 'receivedOn',
  becameAwareOn: 'becameAware',
};

function mapIntakeField(e: FieldError): FieldError {
  if (e.field === 'channel') return { field: 'channel', message: 'Select how the complaint was received' };
  return { ...e, field: INTAKE_FIELD_IDS[e.field] ?? e.field };
}

/** The order fields appear on the staff form, so the error summary reads top to bottom. */
const STAFF_FORM_ORDER = [
  'channel',
  'receivedOn',
  'receivedTime',
  'name',
  'email',
  'phone',
  'address',
  'behalfName',
  'behalfRelationship',
  'behalfConsent',
  'description',
  'whenHappened',
  'becameAware',
  'serviceId',
  'outcomeSought',
  'adjustments',
];

function inFormOrder(errors: FieldError[]): FieldError[] {
  const rank = (e: FieldError) => {
    const i = STAFF_FORM_ORDER.indexOf(e.field);
    return i === -1 ? STAFF_FORM_ORDER.length : i;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b));
}
