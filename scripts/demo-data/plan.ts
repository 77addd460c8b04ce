import {
  addCalendarDays,
  addCalendarMonths,
  dayOfWeek,
  fromEpochDay,
  type IsoDate,
  parseIsoDate,
  toEpochDay,
  type WorkingCalendar,
} from '../../src/domain/calendar/index.ts';
import type { Outcome, Satisfaction, Status } from '../../src/domain/lifecycle/index.ts';
import type { Channel } from '../../src/modules/intake/intake-schema.ts';
import type { Random } from './random.ts';
import { STORIES, type Story } from './stories.ts';

// Planning is pure: it decides when each complaint arrived, how far through its lifecycle it has got and on
// which dates, so the same seed on the same day plans the same demo. demo.ts then carries the plans out
// through the real services.

export type Step =
  | 'acknowledge'
  | 'assign-handler'
  | 'handler-note'
  | 'stage1-issue'
  | 'resolve'
  | 'stage1-remedy'
  | 'escalate'
  | 'escalate-after-answer'
  | 'send-final-response'
  | 'decline'
  | 'investigation'
  | 'investigator-note'
  | 'pause'
  | 'resume'
  | 'extend'
  | 'findings'
  | 'submit'
  | 'return'
  | 'sign-off'
  | 'close'
  | 'withdraw';

export interface ComplaintPlan {
  receivedAt: Date;
  receivedOn: IsoDate;
  /** Working days from receipt to today: how much time the case has had. */
  age: number;
  channel: Channel;
  story: Story;
  target: Status;
  outcome: Outcome;
  satisfied: Satisfaction;
  /** Resolved at stage 1, then escalated because the complainant was unhappy with the answer. */
  escalateAfterAnswer: boolean;
  extend: boolean;
  pauseAndResume: boolean;
  returnResponse: boolean;
  /** Guaranteed overdue: no extension, so the case sits past its due date. */
  overdue: boolean;
}

export interface TimedStep {
  step: Step;
  on: IsoDate;
}

export const STAGE2_TARGETS: readonly Status[] = [
  'investigating',
  'response-drafted',
  'signed-off',
  'closed',
];

// Winter pressures bring more complaints; August and late December bring fewer.
const MONTH_WEIGHTS = [1.2, 1.1, 1.15, 0.95, 1.0, 0.95, 0.9, 0.75, 0.95, 1.05, 1.1, 0.85] as const;
// Sunday first, as Date#getUTCDay: most complaints arrive early in the working week.
const WEEKDAY_WEIGHTS = [0.3, 1.35, 1.15, 1.1, 1.05, 1.0, 0.35] as const;

/** Receipt dates over the 24 months before today, with seasonal and weekly patterns and a slight rise. */
export function receiptDates(rng: Random, count: number, today: IsoDate): IsoDate[] {
  const first = toEpochDay(addCalendarDays(addCalendarMonths(today, -24), 1));
  const last = toEpochDay(today);
  const span = last - first;
  const dates: IsoDate[] = [];
  const maxWeight = 1.2 * 1.35 * 1.1;
  while (dates.length < count) {
    const day = first + Math.floor(rng.next() * (span + 1));
    const iso = fromEpochDay(day);
    const trend = 0.9 + 0.2 * ((day - first) / span);
    const weight =
      (MONTH_WEIGHTS[parseIsoDate(iso).month - 1] ?? 1) * (WEEKDAY_WEIGHTS[dayOfWeek(iso)] ?? 1) * trend;
    if (rng.next() * maxWeight < weight) dates.push(iso);
  }
  return dates.sort();
}

/** Letters, calls and visits arrive on working days; online forms and emails at any time. */
export function channelFor(rng: Random, on: IsoDate, calendar: WorkingCalendar): Channel {
  if (!calendar.isWorkingDay(on)) return rng.chance(0.6) ? 'online' : 'email';
  return rng.weighted<Channel>({ online: 34, email: 30, letter: 12, phone: 16, 'in-person': 8 });
}

/** A time on that UK date: office hours for calls and visits, later for forms and emails. */
export function receiptInstant(rng: Random, on: IsoDate, channel: Channel, latest: Date): Date {
  const officeHours = channel === 'phone' || channel === 'in-person' || channel === 'letter';
  // 07:00–20:59 UTC is the same date in the UK in winter and in summer.
  const hour = officeHours ? rng.int(8, 15) : rng.int(7, 20);
  const instant = new Date(
    `${on}T${String(hour).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`,
  );
  return instant > latest ? latest : instant;
}

/** How far a complaint of this age has got: recent ones are still open, old ones mostly finished. */
export function targetFor(rng: Random, age: number): Status {
  if (age <= 2) return rng.weighted<Status>({ received: 70, acknowledged: 30 });
  if (age <= 10) {
    return rng.weighted<Status>({
      acknowledged: 45,
      received: 5,
      resolved: 25,
      investigating: 12,
      paused: 5,
      withdrawn: 4,
    });
  }
  if (age <= 25) {
    return rng.weighted<Status>({
      resolved: 40,
      acknowledged: 8,
      investigating: 25,
      paused: 6,
      'response-drafted': 6,
      withdrawn: 6,
    });
  }
  if (age <= 45) {
    return rng.weighted<Status>({
      resolved: 48,
      investigating: 12,
      'response-drafted': 8,
      'signed-off': 6,
      closed: 14,
      withdrawn: 6,
      paused: 3,
      acknowledged: 2,
    });
  }
  if (age <= 90) {
    return rng.weighted<Status>({
      resolved: 55,
      closed: 30,
      investigating: 3,
      'response-drafted': 2,
      'signed-off': 2,
      withdrawn: 7,
      paused: 1,
    });
  }
  return rng.weighted<Status>({
    resolved: 58,
    closed: 35,
    withdrawn: 5,
    'not-taken-forward': 2,
    investigating: 0.5,
  });
}

const MIN_AGE: Record<Status, number> = {
  received: 0,
  acknowledged: 1,
  resolved: 2,
  withdrawn: 1,
  'not-taken-forward': 2,
  paused: 2,
  investigating: 3,
  'response-drafted': 6,
  'signed-off': 8,
  closed: 10,
};

export function pickStory(rng: Random): Story {
  const weights: Record<string, number> = {};
  STORIES.forEach((story, i) => {
    weights[String(i)] = story.weight ?? 1;
  });
  return STORIES[Number(rng.weighted(weights))] as Story;
}

export function planComplaints(
  rng: Random,
  count: number,
  today: IsoDate,
  latest: Date,
  calendar: WorkingCalendar,
): ComplaintPlan[] {
  const plans = receiptDates(rng, count, today).map((receivedOn) => {
    const channel = channelFor(rng, receivedOn, calendar);
    const age = calendar.workingDaysBetween(receivedOn, today);
    const target = targetFor(rng, age);
    const stage2 = STAGE2_TARGETS.includes(target);
    return {
      receivedAt: receiptInstant(rng, receivedOn, channel, latest),
      receivedOn,
      age,
      channel,
      story: pickStory(rng),
      target,
      outcome: rng.weighted<Outcome>({ upheld: 30, 'partly-upheld': 35, 'not-upheld': 35 }),
      satisfied: rng.weighted<Satisfaction>({ yes: 55, no: 20, unknown: 25 }),
      escalateAfterAnswer: stage2 && age >= 15 && rng.chance(0.18),
      extend:
        (target === 'acknowledged' && age > 8 && rng.chance(0.35)) ||
        (target === 'resolved' && rng.chance(0.12)) ||
        (stage2 && rng.chance(0.25)),
      pauseAndResume: stage2 && rng.chance(0.12),
      returnResponse: (target === 'signed-off' || target === 'closed') && rng.chance(0.15),
      overdue: false,
    } satisfies ComplaintPlan;
  });
  ensureEveryStatus(plans);
  ensureOverdue(plans);
  return plans;
}

const ALL_STATUSES: readonly Status[] = [
  'received',
  'acknowledged',
  'resolved',
  'investigating',
  'response-drafted',
  'signed-off',
  'closed',
  'withdrawn',
  'not-taken-forward',
  'paused',
];

/** A small demo still needs a case in every status, so the most recent suitable plans are changed. */
function ensureEveryStatus(plans: ComplaintPlan[]): void {
  for (const status of ALL_STATUSES) {
    if (plans.some((p) => p.target === status)) continue;
    const counts = countTargets(plans);
    const candidates = plans
      .filter((p) => p.age >= MIN_AGE[status] && (counts.get(p.target) ?? 0) > 1 && !p.overdue)
      .sort((a, b) => a.age - b.age);
    const chosen = candidates[0];
    if (!chosen) continue;
    chosen.target = status;
    chosen.escalateAfterAnswer = chosen.escalateAfterAnswer && STAGE2_TARGETS.includes(status);
    chosen.returnResponse = chosen.returnResponse && (status === 'signed-off' || status === 'closed');
    chosen.pauseAndResume = chosen.pauseAndResume && STAGE2_TARGETS.includes(status);
  }
}

/** At least one case is past its due date, as in any real worklist. */
function ensureOverdue(plans: ComplaintPlan[]): void {
  const already = plans.some(
    (p) => (p.target === 'received' && p.age > 3) || (p.target === 'acknowledged' && p.age > 12 && !p.extend),
  );
  if (already) return;
  const counts = countTargets(plans);
  const chosen = plans
    .filter((p) => p.age >= 14 && (counts.get(p.target) ?? 0) > 1)
    .sort((a, b) => a.age - b.age)[0];
  if (!chosen) return;
  Object.assign(chosen, {
    target: 'acknowledged',
    extend: false,
    escalateAfterAnswer: false,
    pauseAndResume: false,
    returnResponse: false,
    overdue: true,
  });
}

function countTargets(plans: ComplaintPlan[]): Map<Status, number> {
  const counts = new Map<Status, number>();
  for (const p of plans) counts.set(p.target, (counts.get(p.target) ?? 0) + 1);
  return counts;
}

/**
 * The steps that take a complaint to its planned status, each with a natural gap in working days; squeezed
 * proportionally when the case is too young for the natural gaps, so no step is after today.
 */
export function timeline(
  rng: Random,
  plan: ComplaintPlan,
  calendar: WorkingCalendar,
  consentToFollow: boolean,
): TimedStep[] {
  const steps: { step: Step; gap: number }[] = [];
  const add = (step: Step, min: number, max: number) => steps.push({ step, gap: rng.int(min, max) });
  const { target } = plan;
  const stage2 = STAGE2_TARGETS.includes(target);

  if (target === 'received') {
    if (rng.chance(0.4)) add('assign-handler', 0, 1);
  } else {
    add('acknowledge', rng.chance(0.1) ? 4 : 0, rng.chance(0.1) ? 6 : 3);
    add('assign-handler', 0, 0);
    if (rng.chance(0.5)) add('handler-note', 0, 2);
    if (consentToFollow && target !== 'paused' && rng.chance(0.6)) {
      add('pause', 0, 2);
      add('resume', 3, 10);
    }
    if (target === 'acknowledged') {
      if (plan.extend) add('extend', 5, 8);
    } else if (target === 'paused' && !stage2 && rng.chance(0.5)) {
      add('pause', 1, 5);
    } else if (target === 'withdrawn' && rng.chance(0.5)) {
      if (rng.chance(0.3)) add('pause', 1, 4);
      add('withdraw', 1, 8);
    } else if (target === 'not-taken-forward') {
      add('decline', 1, 6);
    } else if (target === 'resolved') {
      if (rng.chance(0.5)) add('stage1-issue', 1, 3);
      if (plan.extend) add('extend', 6, 9);
      add('resolve', 2, 7);
      if (plan.outcome !== 'not-upheld' && rng.chance(0.6)) add('stage1-remedy', 0, 0);
    } else {
      stage2Steps(plan, add, rng);
    }
  }
  return placeOnDates(steps, plan, calendar);
}

function stage2Steps(plan: ComplaintPlan, add: (step: Step, min: number, max: number) => void, rng: Random) {
  const { target } = plan;
  if (plan.escalateAfterAnswer) {
    add('resolve', 3, 8);
    add('escalate-after-answer', 5, 20);
  } else {
    add('escalate', 2, 7);
  }
  add('investigation', 0, 3);
  if (plan.pauseAndResume) {
    add('pause', 2, 8);
    add('resume', 4, 12);
  }
  if (target === 'paused') return add('pause', 2, 10);
  if (target === 'withdrawn') return add('withdraw', 3, 15);
  if (plan.extend) add('extend', 10, 18);
  if (target === 'investigating') {
    if (rng.chance(0.6)) add('investigator-note', 2, 8);
    return;
  }
  add('findings', 8, 20);
  add('submit', 0, 3);
  if (target === 'response-drafted') return;
  if (plan.returnResponse) {
    add('return', 1, 4);
    add('submit', 2, 6);
  }
  add('sign-off', 1, 5);
  if (target === 'signed-off') return;
  add('send-final-response', 0, 1);
  add('close', 0, 2);
}

function placeOnDates(
  steps: { step: Step; gap: number }[],
  plan: ComplaintPlan,
  calendar: WorkingCalendar,
): TimedStep[] {
  const total = steps.reduce((sum, s) => sum + s.gap, 0);
  const room = Math.max(0, plan.age);
  const scale = total > room ? room / total : 1;
  let offset = 0;
  return steps.map(({ step, gap }) => {
    offset += Math.floor(gap * scale);
    const on = offset === 0 ? plan.receivedOn : calendar.addWorkingDays(plan.receivedOn, offset);
    return { step, on };
  });
}
