import type { Actor } from '../../src/auth/roles.ts';
import { actorFor, complaintInput, type TestContext } from './app.ts';

/** One case and the things inside it a URL can name. */
export interface CaseFixture {
  id: string;
  reference: string;
  issueId: string;
  attachmentId: string;
  correspondenceId: string;
}

/** The people a fixture is made by and for, in one organisation. */
export interface FixturePeople {
  organisationId: string;
  administrator: Actor;
  handlerId: string;
  investigatorId: string;
}

/** Something real of one organisation for every kind of id a route takes. */
export interface OrganisationFixture extends FixturePeople {
  /** A case nobody assigned to the investigator; every route is tried with it. */
  open: CaseFixture;
  /** A case the investigator investigates. */
  assigned: CaseFixture;
  serviceId: string;
  /** A person besides the test users (so changing or deactivating them locks nobody out). */
  userId: string;
  userEmail: string;
  /** Their link to set a password. */
  passwordToken: string;
  /** A role token nobody uses to call the API. */
  tokenId: string;
  /** The email inviting that person, waiting in the outbox. */
  outboxId: string;
  closureDay: string;
  /** The services' today, for the date boxes of forms. */
  today: string;
}

/** The test organisation's own people (test/support/app.ts). */
export function testOrganisationPeople(ctx: TestContext): FixturePeople {
  return {
    organisationId: ctx.organisationId,
    administrator: actorFor(ctx, 'administrator'),
    handlerId: ctx.users['complaints-handler'].id,
    investigatorId: ctx.users.investigator.id,
  };
}

/** A second organisation with an administrator, a handler and an investigator of its own. */
export async function otherOrganisationPeople(ctx: TestContext, slug: string): Promise<FixturePeople> {
  const { services } = ctx;
  const org = await services.organisations.create({
    name: `Other Trust ${slug}`,
    slug,
    division: 'england-and-wales',
    preset: 'nhs-england',
  });
  // References count per organisation: a prefix of their own keeps theirs from naming one of ours.
  await services.database.db
    .updateTable('organisations')
    .set({ reference_prefix: 'OTH' })
    .where('id', '=', org.id)
    .execute();
  const person = async (role: 'administrator' | 'complaints-handler' | 'investigator') =>
    (
      await services.auth.createUser(
        org.id,
        { name: `Their ${role}`, email: `${role}@${slug}.example`, role },
        null,
      )
    ).user;
  const administrator = await person('administrator');
  return {
    organisationId: org.id,
    administrator: {
      kind: 'user',
      id: administrator.id,
      userId: administrator.id,
      organisationId: org.id,
      role: 'administrator',
      label: administrator.name,
    },
    handlerId: (await person('complaints-handler')).id,
    investigatorId: (await person('investigator')).id,
  };
}

/** Builds, through the real services, one of everything a route's parameters can name. */
export async function organisationFixture(
  ctx: TestContext,
  people: FixturePeople,
  closureDay: string,
): Promise<OrganisationFixture> {
  const { services } = ctx;
  const { organisationId, administrator } = people;
  const open = await caseFixture(ctx, people, false);
  const assigned = await caseFixture(ctx, people, true);
  const service = await services.organisations.addService(administrator, {
    name: 'Emergency department',
    kind: 'service',
  });
  const userEmail = `someone@${organisationId.slice(0, 8)}.example`;
  const { user, setPasswordToken } = await services.auth.createUser(
    organisationId,
    { name: 'Someone Else', email: userEmail, role: 'colleague' },
    administrator,
    (token) => ({ subject: 'You have been given access', body: `Set your password: /set-password/${token}` }),
  );
  const outbox = await services.database.db
    .selectFrom('outbox')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('recipient', '=', userEmail)
    .executeTakeFirstOrThrow();
  const token = await services.apiTokens.create(organisationId, 'colleague', 'Unused token', administrator);
  await services.organisations.addClosureDay(administrator, { day: closureDay, reason: 'Staff training' });
  return {
    ...people,
    open,
    assigned,
    serviceId: service.id,
    userId: user.id,
    userEmail,
    passwordToken: setPasswordToken,
    tokenId: token.id,
    outboxId: outbox.id,
    closureDay,
    today: services.today(),
  };
}

async function caseFixture(ctx: TestContext, people: FixturePeople, assigned: boolean): Promise<CaseFixture> {
  const { services } = ctx;
  const { administrator } = people;
  const complaint = await services.intake.create(people.organisationId, complaintInput(), administrator);
  const { reference } = complaint;
  await services.caseRecords.assign(administrator, reference, {
    handlerId: people.handlerId,
    investigatorId: assigned ? people.investigatorId : '',
  });
  const issueId = await services.caseRecords.addIssue(administrator, reference, { summary: 'The wait' });
  await services.caseRecords.addAttachment(administrator, reference, {
    filename: 'notes.txt',
    content: Buffer.from('Notes of the call'),
  });
  const attachment = await services.database.db
    .selectFrom('attachments')
    .select('id')
    .where('organisation_id', '=', people.organisationId)
    .where('complaint_id', '=', complaint.id)
    .executeTakeFirstOrThrow();
  const [year, month, day] = services.today().split('-');
  const correspondenceId = await services.correspondence.record(administrator, reference, {
    direction: 'inbound',
    channel: 'phone',
    subject: 'A call',
    body: 'They rang to ask how it is going.',
    date: { day, month, year },
  });
  return { id: complaint.id, reference, issueId, attachmentId: attachment.id, correspondenceId };
}
