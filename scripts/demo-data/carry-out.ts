import type { Actor } from '../../src/auth/roles.ts';
import type { ComplaintRow } from '../../src/db/schema.ts';
import {
  addCalendarDays,
  formatLongDate,
  type IsoDate,
  type WorkingCalendar,
} from '../../src/domain/calendar/index.ts';
import type { IssueOutcome, Outcome } from '../../src/domain/lifecycle/index.ts';
import { adjustmentsAsked } from '../../src/modules/correspondence/adjustments.ts';
import { draftFinalResponse, issuesOf } from '../../src/modules/correspondence/response-draft.ts';
import type { Services } from '../../src/services.ts';
import {
  COLLEAGUE_NAMES,
  EMAIL_DOMAINS,
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  STREETS,
  SURNAMES,
  TOWNS,
} from './names.ts';
import {
  ACKNOWLEDGE_NOTES,
  APOLOGIES,
  COLLEAGUE_INFORMED_NOTE,
  ESCALATE_REASONS,
  EXPLANATIONS,
  EXTEND_REASONS,
  FINDINGS_BY_OUTCOME,
  HANDLER_NOTES,
  INVESTIGATOR_NOTES,
  PAUSE_REASONS,
  REOPEN_REASONS,
  RESUME_NOTES,
  RETURN_REASONS,
  SIGN_OFF_NOTES,
  STAGE1_SUMMARIES,
  STAGE2_FINDINGS,
  SUBMIT_NOTES,
  WITHDRAW_REASONS,
} from './phrases.ts';
import { type ComplaintPlan, type Step, timeline } from './plan.ts';
import type { Random } from './random.ts';
import { fillIn, relativeWords, type Story } from './stories.ts';

export interface DemoCast {
  manager: Actor;
  handlers: Actor[];
  investigators: Actor[];
  signatories: Actor[];
}

export interface DemoContext {
  services: Services;
  clock: { set(instant: Date): void };
  rng: Random;
  calendar: WorkingCalendar;
  organisationId: string;
  serviceIds: Map<string, string>;
  cast: DemoCast;
}

type Sex = 'female' | 'male';

/** Records one planned complaint and moves it through its planned steps, each on the day it happened. */
export async function carryOut(ctx: DemoContext, plan: ComplaintPlan): Promise<void> {
  const { services, rng, cast } = ctx;
  const intake = intakeFor(ctx, plan);
  const handler = rng.chance(0.15) ? cast.manager : ctx.rng.pick(cast.handlers);
  const recordedBy = plan.channel === 'online' ? null : handler;
  ctx.clock.set(plan.receivedAt);
  let row = await services.intake.create(ctx.organisationId, intake.input, recordedBy);
  const state: CaseState = {
    plan,
    reference: row.reference,
    row,
    handler,
    investigator: rng.pick(cast.investigators),
    issueIds: [],
    consentToFollow: intake.consentToFollow,
    pausedForConsent: false,
  };
  for (const { step, on } of timeline(rng, plan, ctx.calendar, intake.consentToFollow)) {
    ctx.clock.set(atWorkingTime(rng, on, plan.receivedAt));
    row = (await perform(ctx, state, step, on)) ?? row;
    state.row = row;
  }
}

interface CaseState {
  plan: ComplaintPlan;
  reference: string;
  row: ComplaintRow;
  handler: Actor;
  investigator: Actor;
  issueIds: string[];
  consentToFollow: boolean;
  pausedForConsent: boolean;
}

/** A time in office hours on that date, never before the complaint arrived nor in the future. */
function atWorkingTime(rng: Random, on: IsoDate, receivedAt: Date): Date {
  const hour = String(rng.int(8, 16)).padStart(2, '0');
  const minute = String(rng.int(0, 59)).padStart(2, '0');
  let instant = new Date(`${on}T${hour}:${minute}:00Z`);
  if (instant < receivedAt) instant = new Date(receivedAt.getTime() + 60_000);
  const latest = new Date(Date.now() - 1000);
  return instant > latest ? latest : instant;
}

async function perform(
  ctx: DemoContext,
  s: CaseState,
  step: Step,
  on: IsoDate,
): Promise<ComplaintRow | null> {
  const { services, rng, cast } = ctx;
  const { lifecycle, caseRecords } = services;
  const ref = s.reference;
  const { plan } = s;
  const event = (actor: Actor, type: string, payload: Record<string, string>) =>
    lifecycle.applyEvent(actor, ref, type, { occurredOn: on, ...payload });

  switch (step) {
    case 'acknowledge':
      return event(s.handler, 'acknowledge', rng.chance(0.6) ? { note: rng.pick(ACKNOWLEDGE_NOTES) } : {});
    case 'assign-handler':
      await caseRecords.assign(cast.manager, ref, { handlerId: s.handler.id, investigatorId: null });
      return null;
    case 'handler-note':
      await caseRecords.addNote(s.handler, ref, { body: rng.pick(HANDLER_NOTES) });
      return null;
    case 'stage1-issue':
      s.issueIds.push(await addIssue(ctx, s, s.handler, plan.story.issues[0] ?? plan.story.subject));
      return null;
    case 'resolve': {
      // When it is escalated later, the first answer did not satisfy, which is why it comes back.
      const outcome = plan.escalateAfterAnswer ? 'not-upheld' : plan.outcome;
      for (const id of s.issueIds) await recordIssueOutcome(ctx, s, s.handler, id, outcome, true);
      return event(s.handler, 'resolve-stage1', {
        outcome,
        summary: STAGE1_SUMMARIES[outcome],
        satisfied: plan.escalateAfterAnswer ? 'no' : plan.satisfied,
      });
    }
    case 'stage1-remedy':
      await caseRecords.addRemedy(s.handler, ref, {
        kind: rng.chance(0.6) ? 'apology' : 'explanation',
        description: rng.chance(0.6) ? rng.pick(APOLOGIES) : rng.pick(EXPLANATIONS),
      });
      return null;
    case 'escalate':
      return event(s.handler, 'escalate', { reason: rng.pick(ESCALATE_REASONS) });
    case 'escalate-after-answer':
      return event(s.handler, 'escalate', { reason: rng.pick(REOPEN_REASONS), requestedOn: on });
    case 'decline':
      return event(s.handler, 'decline', {
        closureReason: 'outside-remit',
        reason: DECLINE_REASON,
      });
    case 'investigation':
      await startInvestigation(ctx, s, on);
      // Stage 2 is acknowledged within days of escalation, as the procedure asks.
      return event(s.handler, 'acknowledge', {});
    case 'investigator-note':
      await caseRecords.addNote(s.investigator, ref, { body: rng.pick(INVESTIGATOR_NOTES) });
      return null;
    case 'pause': {
      const forConsent = s.consentToFollow && !s.pausedForConsent;
      s.pausedForConsent ||= forConsent;
      return event(s.handler, 'pause', {
        reason: forConsent ? PAUSE_REASONS[0] : rng.pick(PAUSE_REASONS.slice(1)),
      });
    }
    case 'resume':
      return event(s.handler, 'resume', { note: rng.pick(RESUME_NOTES) });
    case 'extend': {
      const extra = s.row.stage === 2 ? rng.int(10, 20) : rng.int(5, 10);
      return event(s.row.stage === 2 ? s.investigator : s.handler, 'extend', {
        reason: rng.pick(EXTEND_REASONS),
        newDueDate: ctx.calendar.addWorkingDays(s.row.stage_due_by, extra),
        complainantToldOn: on,
        authorisedBy: cast.manager.id,
      });
    }
    case 'findings':
      await recordFindings(ctx, s);
      return null;
    case 'submit':
      return event(s.investigator, 'submit-response', {
        outcome: plan.outcome,
        summary: closeSummary(plan),
        response: await draftResponse(ctx, s),
        note: rng.pick(SUBMIT_NOTES),
      });
    case 'return':
      return event(rng.pick(cast.signatories), 'return-response', { reason: rng.pick(RETURN_REASONS) });
    case 'sign-off':
      return event(rng.pick(cast.signatories), 'sign-off', { note: rng.pick(SIGN_OFF_NOTES) });
    case 'send-final-response':
      await sendFinalResponse(ctx, s);
      return null;
    case 'close':
      return event(s.handler, 'close', {});
    case 'withdraw':
      return event(s.handler, 'withdraw', {
        reason: s.pausedForConsent ? (WITHDRAW_REASONS[2] as string) : rng.pick(WITHDRAW_REASONS),
      });
  }
}

const DECLINE_REASON =
  'This is about a decision of the local council rather than our care, so it is not something we can look ' +
  'into. We have explained how to complain to the council.';

/**
 * The signed-off final response goes to the complainant before the case closes: drafted from the template,
 * with the parts a person writes filled in as an investigator would.
 */
/** The draft final response built from the case, with the parts a person writes written. */
async function draftResponse(ctx: DemoContext, s: CaseState): Promise<string> {
  const complaint = await ctx.services.cases.find(s.investigator, s.reference);
  const issues = await issuesOf(ctx.services.db, complaint);
  const draft = await draftFinalResponse(ctx.services.db, complaint, issues, ctx.services.today());
  return draft.replace(/\[To complete:[^\]]*\]/g, (marker) =>
    marker.includes('learned')
      ? s.plan.story.change
      : 'An investigator who was not involved read the records, spoke to the staff on duty and looked at our procedures.',
  );
}

/** The final response goes as it was approved; any adjustments asked for are met. */
async function sendFinalResponse(ctx: DemoContext, s: CaseState): Promise<void> {
  const { draft, complaint } = await ctx.services.correspondence.draft(
    s.handler,
    s.reference,
    'final-response',
    {
      audit: false,
    },
  );
  await ctx.services.correspondence.send(s.handler, s.reference, 'final-response', {
    subject: draft.subject,
    adjustments: Object.fromEntries(
      adjustmentsAsked(complaint.adjustments).map((a) => [a.kind, { met: true }]),
    ),
  });
}

function closeSummary(plan: ComplaintPlan): string {
  return STAGE2_FINDINGS[plan.outcome];
}

async function addIssue(ctx: DemoContext, s: CaseState, actor: Actor, summary: string): Promise<string> {
  return ctx.services.caseRecords.addIssue(actor, s.reference, {
    summary,
    serviceId: ctx.serviceIds.get(s.plan.story.service) ?? null,
  });
}

async function recordIssueOutcome(
  ctx: DemoContext,
  s: CaseState,
  actor: Actor,
  issueId: string,
  outcome: IssueOutcome,
  first: boolean,
): Promise<void> {
  const findings = first && outcome !== 'not-upheld' ? s.plan.story.finding : FINDINGS_BY_OUTCOME[outcome];
  await ctx.services.caseRecords.recordIssueOutcome(actor, s.reference, issueId, { outcome, findings });
}

async function startInvestigation(ctx: DemoContext, s: CaseState, on: IsoDate): Promise<void> {
  const { services, rng, cast } = ctx;
  await services.caseRecords.assign(cast.manager, s.reference, {
    handlerId: s.handler.id,
    investigatorId: s.investigator.id,
  });
  const { story } = s.plan;
  const already = s.issueIds.length;
  for (const summary of story.issues.slice(already))
    s.issueIds.push(await addIssue(ctx, s, s.investigator, summary));
  if (story.colleague && rng.chance(0.75)) {
    await services.caseRecords.addColleague(s.investigator, s.reference, {
      name: rng.pick(COLLEAGUE_NAMES),
      jobTitle: story.colleague.jobTitle,
      involvement: `${story.colleague.involvement}. ${COLLEAGUE_INFORMED_NOTE}`,
      informedOn: on,
    });
  }
  if (rng.chance(0.5)) {
    await services.caseRecords.addNote(s.investigator, s.reference, { body: rng.pick(INVESTIGATOR_NOTES) });
  }
}

/** Per-issue outcomes in line with the overall one, then what the trust will put right. */
async function recordFindings(ctx: DemoContext, s: CaseState): Promise<void> {
  const { services, rng } = ctx;
  const { plan } = s;
  const outcomes = issueOutcomes(rng, plan.outcome, s.issueIds.length);
  for (const [i, id] of s.issueIds.entries()) {
    await recordIssueOutcome(ctx, s, s.investigator, id, outcomes[i] ?? plan.outcome, i === 0);
  }
  if (plan.outcome === 'not-upheld') {
    await services.caseRecords.addRemedy(s.investigator, s.reference, {
      kind: 'explanation',
      description: rng.pick(EXPLANATIONS),
    });
    return;
  }
  const firstIssue = s.issueIds[0] ?? null;
  await services.caseRecords.addRemedy(s.investigator, s.reference, {
    kind: 'apology',
    description: rng.pick(APOLOGIES),
    issueId: firstIssue,
  });
  if (rng.chance(0.7)) {
    await services.caseRecords.addRemedy(s.investigator, s.reference, {
      kind: 'service-change',
      description: plan.story.change,
      issueId: firstIssue,
    });
  }
  const redress = plan.story.redress;
  if (redress && rng.chance(0.6)) {
    const [low, high] = redress.pounds;
    const pence = rng.int(low * 100, high * 100);
    await services.caseRecords.addRemedy(s.investigator, s.reference, {
      kind: 'financial-redress',
      description: redress.description,
      amount: (pence / 100).toFixed(2),
      issueId: firstIssue,
    });
  }
}

function issueOutcomes(rng: Random, overall: Outcome, n: number): IssueOutcome[] {
  return Array.from({ length: n }, (_, i): IssueOutcome => {
    if (overall === 'not-upheld') return 'not-upheld';
    if (overall === 'upheld') return i === 0 || rng.chance(0.7) ? 'upheld' : 'partly-upheld';
    if (i === 0) return 'upheld';
    return rng.weighted<IssueOutcome>({ 'not-upheld': 60, 'partly-upheld': 30, 'not-pursued': 10 });
  });
}

// ---- The person complaining ----

function firstName(rng: Random, sex: Sex): string {
  return sex === 'female' ? rng.pick(FEMALE_FIRST_NAMES) : rng.pick(MALE_FIRST_NAMES);
}

function intakeFor(ctx: DemoContext, plan: ComplaintPlan) {
  const { rng } = ctx;
  const { story } = plan;
  const sex: Sex = rng.chance(0.58) ? 'female' : 'male';
  const first = firstName(rng, sex);
  const surname = rng.pick(SURNAMES);
  const name = `${first} ${surname}`;
  const onlineOrEmail = plan.channel === 'online' || plan.channel === 'email';
  const email =
    onlineOrEmail || rng.chance(0.5)
      ? `${first}.${surname}${rng.int(1, 99)}@${rng.pick(EMAIL_DOMAINS)}`
          .toLowerCase()
          .replace(/[^a-z0-9.@]/g, '')
      : null;
  const phone =
    plan.channel === 'phone' || rng.chance(0.5)
      ? rng.chance(0.7)
        ? `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`
        : `01632 960${String(rng.int(0, 999)).padStart(3, '0')}`
      : null;
  const place = rng.pick(TOWNS);
  const address =
    plan.channel === 'letter' || !email || rng.chance(0.3)
      ? `${rng.int(1, 180)} ${rng.pick(STREETS)}, ${place.town}, ${place.postcode}${rng.int(1, 20)} ${rng.int(1, 9)}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`
      : null;
  const preferredContact = email && rng.chance(0.7) ? 'email' : phone ? 'phone' : address ? 'post' : null;
  const relative = relativeFor(rng, story, sex, surname);
  const consent =
    story.about === 'minor' || story.deceased ? 'not-needed' : rng.chance(0.8) ? 'given' : 'to-follow';
  const happenedOn = addCalendarDays(plan.receivedOn, -rng.int(2, 60));
  return {
    consentToFollow: relative !== null && consent === 'to-follow',
    input: {
      channel: plan.channel,
      receivedAt: plan.receivedAt.toISOString(),
      complainant: { name, email, phone, address, preferredContact },
      onBehalfOf: relative ? { name: relative.name, relationship: relative.relationship, consent } : null,
      description: fillIn(story.description, relative?.words ?? {}),
      whenHappened: rng.chance(0.8) ? formatLongDate(happenedOn) : null,
      serviceId: ctx.serviceIds.get(story.service) ?? null,
      outcomeSought: fillIn(story.outcomeSought, relative?.words ?? {}),
      adjustments: rng.chance(0.07)
        ? rng.pick([
            'I am deaf: please contact me by email or text message, not by phone.',
            'Please send letters in large print.',
            'English is not my first language; an Urdu interpreter would help at any meeting.',
            'I have a learning disability; please explain things in easy read.',
          ])
        : null,
    },
  };
}

/** Who the complaint is about, when it is not the complainant, and the words that fill in the story. */
function relativeFor(rng: Random, story: Story, complainantSex: Sex, surname: string) {
  if (story.about === 'self') return null;
  const sex: Sex = story.sex ?? (rng.chance(0.5) ? 'female' : 'male');
  const first = firstName(rng, sex);
  const theirSurname = rng.chance(0.8) ? surname : rng.pick(SURNAMES);
  const f = complainantSex === 'female';
  const relationship = {
    parent: f ? 'Daughter' : 'Son',
    child: f ? 'Mother' : 'Father',
    minor: f ? 'Mother' : 'Father',
    partner: rng.chance(0.3) ? 'Partner' : f ? 'Wife' : 'Husband',
  }[story.about];
  return { name: `${first} ${theirSurname}`, relationship, words: relativeWords(sex, first) };
}
