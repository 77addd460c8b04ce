import {
  addCalendarMonths,
  formatLongDate,
  type IsoDate,
  isIsoDate,
  lastDayOfMonthsBeginningWith,
  toEpochDay,
} from './dates.ts';
import type { CountingConvention, Timescales } from './timescales.ts';
import type { WorkingCalendar } from './working-days.ts';

/** The clock stopped from `from` (inclusive) and restarted on `to`; `to` null while still paused. */
export interface Pause {
  from: IsoDate;
  to: IsoDate | null;
}

/** Epoch-day window [from, to) in which working days do not count. */
interface Window {
  from: number;
  toExclusive: number;
}

function pauseWindows(pauses: Pause[], today: IsoDate): Window[] {
  if (pauses.length === 0) return [];
  const todayDay = toEpochDay(today);
  const windows: Window[] = [];
  for (const pause of pauses) {
    const from = toEpochDay(pause.from);
    // An open pause runs to today inclusive, so the due date moves on each working day it stays open.
    const toExclusive = pause.to === null ? todayDay + 1 : toEpochDay(pause.to);
    if (toExclusive < from) {
      throw new RangeError(`A pause cannot end (${pause.to}) before it starts (${pause.from})`);
    }
    if (toExclusive > from) windows.push({ from, toExclusive });
  }
  return windows;
}

function isPaused(day: number, windows: Window[]): boolean {
  return windows.some((w) => day >= w.from && day < w.toExclusive);
}

/**
 * The date by which `days` working days have run from `start`, day 1 set by the convention, with
 * working days inside a pause not counted. 0 days is due on the start date itself.
 */
export function dueDate(
  cal: WorkingCalendar,
  start: IsoDate,
  days: number,
  convention: CountingConvention,
  pauses: Pause[],
  today: IsoDate,
): IsoDate {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`Days must be a whole number of 0 or more, got ${days}`);
  }
  const startDay = toEpochDay(start);
  if (days === 0) return start;
  const windows = pauseWindows(pauses, today);
  const startCounts = convention === 'receipt-day-if-working' && cal.isWorkingDay(start);
  if (windows.length === 0) {
    // The common case, kept to the calendar's fast path.
    return cal.addWorkingDays(start, startCounts ? days - 1 : days);
  }
  let remaining = startCounts && !isPaused(startDay, windows) ? days - 1 : days;
  let due = start;
  while (remaining > 0) {
    due = cal.nextWorkingDay(due);
    if (!isPaused(toEpochDay(due), windows)) remaining--;
  }
  return due;
}

export interface DeadlineInput {
  receivedOn: IsoDate;
  stage: 1 | 2;
  /** The day stage 2 began: when the complainant asked for it, or when the case was escalated or reopened. */
  stage2StartedOn: IsoDate | null;
  pauses: Pause[];
  /** An agreed extension for the current stage; replaces the computed stage due date. */
  extendedDueOn: IsoDate | null;
  /** Kept for callers judging whether the acknowledgement was late; it does not move any deadline. */
  acknowledgedOn: IsoDate | null;
  /** A longer period agreed with the complainant before the outer limit passed: its last day. */
  outerLimitAgreedBy?: IsoDate | null;
}

export interface Deadlines {
  /** The stage 1 acknowledgement; null where the procedure does not acknowledge stage 1 (SPSO). */
  acknowledgeBy: IsoDate | null;
  /** The stage 2 acknowledgement, counted from the day stage 2 began; null at stage 1. */
  stage2AcknowledgeBy: IsoDate | null;
  stageDueBy: IsoDate;
  /** The last day of the outer limit (as agreed, when a longer period was agreed); null where none is set. */
  outerLimitBy: IsoDate | null;
  extended: boolean;
}

/**
 * Due dates for a case today. Pauses shift only the stage due date: acknowledging does not wait on
 * consent or information, and an outer limit in calendar months is fixed by the rules. Recomputed on
 * every read, so a change of bank holidays moves the due dates of open cases.
 */
export function computeDeadlines(
  cal: WorkingCalendar,
  timescales: Timescales,
  input: DeadlineInput,
  today: IsoDate,
): Deadlines {
  const convention = timescales.countingConvention;
  const acknowledgeBy =
    timescales.acknowledgeDays === null
      ? null
      : dueDate(cal, input.receivedOn, timescales.acknowledgeDays, convention, [], today);
  const stage2AcknowledgeBy =
    input.stage === 2
      ? dueDate(cal, stage2Start(input), timescales.stage2AcknowledgeDays, convention, [], today)
      : null;
  const outerLimitBy =
    timescales.outerLimitMonths === null
      ? null
      : (input.outerLimitAgreedBy ??
        lastDayOfMonthsBeginningWith(input.receivedOn, timescales.outerLimitMonths));
  if (input.extendedDueOn !== null) {
    return {
      acknowledgeBy,
      stage2AcknowledgeBy,
      stageDueBy: input.extendedDueOn,
      outerLimitBy,
      extended: true,
    };
  }
  const stageDueBy =
    input.stage === 1
      ? dueDate(cal, input.receivedOn, timescales.stage1Days, convention, input.pauses, today)
      : dueDate(cal, stage2Start(input), timescales.stage2Days, convention, input.pauses, today);
  return { acknowledgeBy, stage2AcknowledgeBy, stageDueBy, outerLimitBy, extended: false };
}

function stage2Start(input: DeadlineInput): IsoDate {
  if (input.stage2StartedOn === null) {
    throw new Error('A stage 2 case needs the date stage 2 started (stage2StartedOn)');
  }
  // Pauses before escalation belong to stage 1; counting from the stage 2 start already ignores them.
  return input.stage2StartedOn;
}

/**
 * The last day a complaint may be resolved without being acknowledged: by the end of the next working day
 * after the day it was made (NHS regulation 8(1)(b); docs/sources.md).
 */
export function quickResolutionBy(cal: WorkingCalendar, receivedOn: IsoDate): IsoDate {
  return cal.nextWorkingDay(receivedOn);
}

/** The latest date a stage may be extended to, where the procedure caps it; null when there is no cap. */
export function extensionLimit(
  cal: WorkingCalendar,
  timescales: Timescales,
  input: Pick<DeadlineInput, 'receivedOn' | 'stage' | 'stage2StartedOn' | 'pauses'>,
  today: IsoDate,
): IsoDate | null {
  const max = input.stage === 1 ? timescales.stage1MaxExtendedDays : timescales.stage2MaxExtendedDays;
  if (max === null) return null;
  const start = input.stage === 1 ? input.receivedOn : stage2Start(input as DeadlineInput);
  return dueDate(cal, start, max, timescales.countingConvention, input.pauses, today);
}

/**
 * Whether a complaint was made after the time limit. NHS regulation 12(1): "not later than 12 months after"
 * the matter came to the complainant's notice, so the day of notice itself does not count and the last day
 * is the same date 12 months on (aware 15 January 2025: in time up to and including 15 January 2026; a month
 * without that date ends on its last day). Unknown awareness is never out of time.
 */
export function isOutOfTime(receivedOn: IsoDate, becameAwareOn: IsoDate | null, months: number): boolean {
  if (becameAwareOn === null) return false;
  return toEpochDay(receivedOn) > toEpochDay(addCalendarMonths(becameAwareOn, months));
}

export type DeadlineState = 'overdue' | 'due-soon' | 'on-time';

/** Due today counts as due soon (0 working days left), never overdue. */
export function deadlineState(
  cal: WorkingCalendar,
  due: IsoDate,
  today: IsoDate,
  dueSoonDays: number,
): DeadlineState {
  if (toEpochDay(today) > toEpochDay(due)) return 'overdue';
  return cal.workingDaysBetween(today, due) <= dueSoonDays ? 'due-soon' : 'on-time';
}

export interface ExtensionError {
  field: 'newDueDate' | 'complainantToldOn';
  message: string;
}

/** Checks a proposed extension; an empty list means it can be recorded. */
export function validateExtension(
  cal: WorkingCalendar,
  currentDue: IsoDate,
  newDue: IsoDate,
  complainantToldOn: IsoDate,
  today: IsoDate,
): ExtensionError[] {
  const errors: ExtensionError[] = [];
  if (!newDue) {
    errors.push({ field: 'newDueDate', message: 'Enter the new due date' });
  } else if (!isIsoDate(newDue)) {
    errors.push({ field: 'newDueDate', message: 'New due date must be a real date' });
  } else if (toEpochDay(newDue) <= toEpochDay(currentDue)) {
    errors.push({
      field: 'newDueDate',
      message: `New due date must be after the current due date, ${formatLongDate(currentDue)}`,
    });
  } else if (!cal.isWorkingDay(newDue)) {
    errors.push({
      field: 'newDueDate',
      message: `New due date must be a working day; ${formatLongDate(newDue)} is not (${cal.nonWorkingReason(newDue)})`,
    });
  }
  if (!complainantToldOn) {
    errors.push({ field: 'complainantToldOn', message: 'Enter the date the complainant was told' });
  } else if (!isIsoDate(complainantToldOn)) {
    errors.push({ field: 'complainantToldOn', message: 'Date the complainant was told must be a real date' });
  } else if (toEpochDay(complainantToldOn) > toEpochDay(today)) {
    errors.push({
      field: 'complainantToldOn',
      message: 'Date the complainant was told must be today or in the past',
    });
  }
  return errors;
}
