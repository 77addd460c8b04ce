import { describe, expect, it } from 'vitest';
import { ukDateOf } from '../../../src/domain/calendar/dates.ts';
import {
  computeDeadlines,
  type DeadlineInput,
  deadlineState,
  dueDate,
  extensionLimit,
  isOutOfTime,
  type Pause,
  quickResolutionBy,
  validateExtension,
} from '../../../src/domain/calendar/deadlines.ts';
import { type Division, type Holiday, loadShippedHolidays } from '../../../src/domain/calendar/holidays.ts';
import {
  type CountingConvention,
  PRESETS,
  resolveTimescales,
} from '../../../src/domain/calendar/timescales.ts';
import { WorkingCalendar } from '../../../src/domain/calendar/working-days.ts';

const official = loadShippedHolidays();
const calendar = (division: Division, closureDays: string[] = [], extraHolidays: Holiday[] = []) =>
  WorkingCalendar.create({ division, official, closureDays, extraHolidays });

const englandAndWales = calendar('england-and-wales');
const scotland = calendar('scotland');
const northernIreland = calendar('northern-ireland');

const AFTER = 'day-after-receipt' as const;
const RECEIPT = 'receipt-day-if-working' as const;
const FAR_FUTURE = '2030-01-01'; // "today" for cases where open pauses are not in play

const stage1 = (receivedOn: string, extra: Partial<DeadlineInput> = {}): DeadlineInput => ({
  receivedOn,
  stage: 1,
  stage2StartedOn: null,
  pauses: [],
  extendedDueOn: null,
  acknowledgedOn: null,
  ...extra,
});

describe('dueDate: counting conventions', () => {
  it('Christmas and New Year: received Wednesday 23 December 2026, acknowledge in 3 working days', () => {
    // Day after receipt: Thu 24 is day 1; Fri 25 (Christmas Day), Sat 26, Sun 27 and Mon 28 (Boxing
    // Day substitute, the 26th being a Saturday) do not count; Tue 29 is day 2; Wed 30 is day 3.
    expect(dueDate(englandAndWales, '2026-12-23', 3, AFTER, [], FAR_FUTURE)).toBe('2026-12-30');
    // Receipt day counts: Wed 23 is day 1, Thu 24 day 2, Tue 29 day 3.
    expect(dueDate(englandAndWales, '2026-12-23', 3, RECEIPT, [], FAR_FUTURE)).toBe('2026-12-29');
  });

  it('received on a Saturday: day 1 is the Monday under both conventions', () => {
    // Sat 4 July 2026: Mon 6 is day 1 … Fri 10 is day 5.
    expect(dueDate(englandAndWales, '2026-07-04', 5, AFTER, [], FAR_FUTURE)).toBe('2026-07-10');
    expect(dueDate(englandAndWales, '2026-07-04', 5, RECEIPT, [], FAR_FUTURE)).toBe('2026-07-10');
  });

  it('received on a Friday: the conventions differ by one working day', () => {
    // Day after receipt: Mon 6 is day 1, Fri 10 day 5. Receipt day: Fri 3 is day 1, Thu 9 day 5.
    expect(dueDate(englandAndWales, '2026-07-03', 5, AFTER, [], FAR_FUTURE)).toBe('2026-07-10');
    expect(dueDate(englandAndWales, '2026-07-03', 5, RECEIPT, [], FAR_FUTURE)).toBe('2026-07-09');
  });

  it('received on a bank holiday: day 1 is the next working day under both conventions', () => {
    // Spring bank holiday Mon 25 May 2026: Tue 26 is day 1 … Fri 29 day 4, Mon 1 June day 5.
    expect(dueDate(englandAndWales, '2026-05-25', 5, AFTER, [], FAR_FUTURE)).toBe('2026-06-01');
    expect(dueDate(englandAndWales, '2026-05-25', 5, RECEIPT, [], FAR_FUTURE)).toBe('2026-06-01');
  });

  it('Easter: Easter Monday is a holiday in England and Wales but not in Scotland', () => {
    // Received Thu 2 April 2026. England and Wales: Good Friday 3rd and Easter Monday 6th skipped;
    // Tue 7 day 1, Wed 8 day 2, Thu 9 day 3. Scotland: Mon 6 day 1, Tue 7 day 2, Wed 8 day 3.
    expect(dueDate(englandAndWales, '2026-04-02', 3, AFTER, [], FAR_FUTURE)).toBe('2026-04-09');
    expect(dueDate(scotland, '2026-04-02', 3, AFTER, [], FAR_FUTURE)).toBe('2026-04-08');
    expect(dueDate(englandAndWales, '2026-04-02', 3, RECEIPT, [], FAR_FUTURE)).toBe('2026-04-08');
  });

  it('a complaint sent at 23:30 UTC on 30 June is received on 1 July (BST) and counted from there', () => {
    const receivedOn = ukDateOf(new Date('2026-06-30T23:30:00Z'));
    expect(receivedOn).toBe('2026-07-01');
    // Wed 1 July received: Thu 2 day 1, Fri 3 day 2, Mon 6 day 3 (from 30 June it would be Fri 3).
    expect(dueDate(englandAndWales, receivedOn, 3, AFTER, [], FAR_FUTURE)).toBe('2026-07-06');
  });

  it('0 days is due on the day itself under both conventions', () => {
    expect(dueDate(englandAndWales, '2026-07-01', 0, AFTER, [], FAR_FUTURE)).toBe('2026-07-01');
    expect(dueDate(englandAndWales, '2026-07-01', 0, RECEIPT, [], FAR_FUTURE)).toBe('2026-07-01');
  });

  it('1 day with receipt day counting is the day of receipt when it is a working day', () => {
    expect(dueDate(englandAndWales, '2026-07-01', 1, RECEIPT, [], FAR_FUTURE)).toBe('2026-07-01');
    expect(dueDate(englandAndWales, '2026-07-04', 1, RECEIPT, [], FAR_FUTURE)).toBe('2026-07-06');
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => dueDate(englandAndWales, '2026-07-01', -1, AFTER, [], FAR_FUTURE)).toThrow(RangeError);
    expect(() => dueDate(englandAndWales, '2026-07-01', 2.5, AFTER, [], FAR_FUTURE)).toThrow(RangeError);
  });
});

describe('dueDate: pauses', () => {
  // Received Mon 1 June 2026, 10 working days: Tue 2 is day 1 … Mon 15 is day 10.
  const received = '2026-06-01';
  const due = (pauses: Pause[], today = FAR_FUTURE, convention: CountingConvention = AFTER) =>
    dueDate(englandAndWales, received, 10, convention, pauses, today);

  it('no pause: Monday 15 June', () => {
    expect(due([])).toBe('2026-06-15');
  });

  it('a closed pause stops the clock from its start up to (not including) the day it resumed', () => {
    // Paused Wed 3, Thu 4, Fri 5; resumed Mon 8, which counts. Three working days lost: Thu 18 June.
    expect(due([{ from: '2026-06-03', to: '2026-06-08' }])).toBe('2026-06-18');
  });

  it('a pause resumed the same day it started costs nothing', () => {
    expect(due([{ from: '2026-06-03', to: '2026-06-03' }])).toBe('2026-06-15');
  });

  it('weekend days inside a pause cost nothing extra', () => {
    // Paused Fri 5 to Mon 8: only Friday is lost.
    expect(due([{ from: '2026-06-05', to: '2026-06-08' }])).toBe('2026-06-16');
  });

  it('an open pause runs to today inclusive, so the due date moves on while paused', () => {
    const open: Pause[] = [{ from: '2026-06-03', to: null }];
    // Today Fri 5: Wed 3, Thu 4, Fri 5 lost, as for the closed pause.
    expect(due(open, '2026-06-05')).toBe('2026-06-18');
    // Over the weekend nothing changes.
    expect(due(open, '2026-06-07')).toBe('2026-06-18');
    // Still paused on Mon 8: a fourth day lost.
    expect(due(open, '2026-06-08')).toBe('2026-06-19');
  });

  it('an open pause that has not started yet costs nothing', () => {
    expect(due([{ from: '2026-06-03', to: null }], '2026-06-02')).toBe('2026-06-15');
  });

  it('pauses before the start or after the due date have no effect', () => {
    expect(due([{ from: '2026-05-01', to: '2026-06-01' }])).toBe('2026-06-15');
    expect(due([{ from: '2026-06-16', to: '2026-07-01' }])).toBe('2026-06-15');
  });

  it('several pauses add up, and overlapping ones do not count a day twice', () => {
    // Wed 3 (1 day) and Tue 9 to Thu 11 (Tue 9, Wed 10: 2 days): three lost, Thu 18 June.
    expect(
      due([
        { from: '2026-06-03', to: '2026-06-04' },
        { from: '2026-06-09', to: '2026-06-11' },
      ]),
    ).toBe('2026-06-18');
    expect(
      due([
        { from: '2026-06-03', to: '2026-06-08' },
        { from: '2026-06-04', to: '2026-06-05' },
      ]),
    ).toBe('2026-06-18');
  });

  it('a paused receipt day does not count as day 1 under receipt day counting', () => {
    // Without a pause: Mon 1 is day 1, Fri 12 day 10.
    expect(due([], FAR_FUTURE, RECEIPT)).toBe('2026-06-12');
    // Paused Mon 1 and Tue 2: Wed 3 is day 1, Tue 16 day 10.
    expect(due([{ from: '2026-06-01', to: '2026-06-03' }], FAR_FUTURE, RECEIPT)).toBe('2026-06-16');
  });

  it('refuses a pause that ends before it starts', () => {
    expect(() => due([{ from: '2026-06-08', to: '2026-06-03' }])).toThrow(/cannot end/);
  });
});

describe('computeDeadlines', () => {
  const nhs = PRESETS['nhs-england'].timescales;
  const spso = PRESETS.spso.timescales;

  it('stage 1 over Christmas (NHS England preset, England and Wales)', () => {
    // Received Wed 23 December 2026. Acknowledge by day 3 = Wed 30 December (see dueDate above).
    // Stage 1, 10 days: Thu 24 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4), [Fri 1 January New Year's
    // Day], Mon 4 (5) … Fri 8 (9), Mon 11 January (10). Outer limit: the six months beginning with 23
    // December end the day before 23 June 2027, on Tue 22 June 2027 (reg 14; weekends are not skipped).
    expect(computeDeadlines(englandAndWales, nhs, stage1('2026-12-23'), '2026-12-23')).toEqual({
      acknowledgeBy: '2026-12-30',
      stage2AcknowledgeBy: null,
      stageDueBy: '2027-01-11',
      outerLimitBy: '2027-06-22',
      extended: false,
    });
  });

  it('stage 1 over New Year in Scotland (SPSO preset) loses 2nd January too, with no stage 1 acknowledgement', () => {
    // SPSO: stage 1 is not acknowledged, and the day of receipt is day 1 when it is a working day.
    // Received Thu 31 December 2026 (1); Fri 1 January and Mon 4 January (2nd January substitute, the
    // 2nd being a Saturday) skipped; Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 January (5).
    expect(computeDeadlines(scotland, spso, stage1('2026-12-31'), '2026-12-31')).toEqual({
      acknowledgeBy: null,
      stage2AcknowledgeBy: null,
      stageDueBy: '2027-01-08',
      outerLimitBy: null,
      extended: false,
    });
    // The same complaint in England and Wales: Thu 31 (1), Mon 4 (2) … Thu 7 January (5).
    expect(computeDeadlines(englandAndWales, spso, stage1('2026-12-31'), '2026-12-31').stageDueBy).toBe(
      '2027-01-07',
    );
  });

  it('SPSO stage 2 is acknowledged within 3 working days of escalation, counting the day itself', () => {
    // Escalated Mon 2 November 2026 (Scotland): Mon 2 (1), Tue 3 (2), Wed 4 (3); 20 days: Fri 27
    // November (20). docs/sources.md works the same example.
    const input: DeadlineInput = { ...stage1('2026-10-26'), stage: 2, stage2StartedOn: '2026-11-02' };
    const deadlines = computeDeadlines(scotland, spso, input, '2026-11-02');
    expect(deadlines.stage2AcknowledgeBy).toBe('2026-11-04');
    expect(deadlines.stageDueBy).toBe('2026-11-27');
  });

  it('St Patrick’s Day moves a Northern Ireland deadline', () => {
    // Received Mon 16 March 2026: in Northern Ireland Tue 17 is skipped, so Wed 18 (1) … Fri 20 (3).
    expect(computeDeadlines(northernIreland, nhs, stage1('2026-03-16'), '2026-03-16').acknowledgeBy).toBe(
      '2026-03-20',
    );
    expect(computeDeadlines(englandAndWales, nhs, stage1('2026-03-16'), '2026-03-16').acknowledgeBy).toBe(
      '2026-03-19',
    );
  });

  it('the Scottish summer holiday moves a Scottish deadline, not an English one', () => {
    // Received Fri 31 July 2026, 3 days. Scotland: Mon 3 August skipped, Tue 4 (1), Wed 5 (2), Thu 6 (3).
    expect(computeDeadlines(scotland, nhs, stage1('2026-07-31'), '2026-07-31').acknowledgeBy).toBe(
      '2026-08-06',
    );
    expect(computeDeadlines(englandAndWales, nhs, stage1('2026-07-31'), '2026-07-31').acknowledgeBy).toBe(
      '2026-08-05',
    );
  });

  it('uses the receipt-day convention when the organisation chooses it', () => {
    const timescales = resolveTimescales('nhs-england', { countingConvention: 'receipt-day-if-working' });
    const deadlines = computeDeadlines(englandAndWales, timescales, stage1('2026-12-23'), '2026-12-23');
    // Wed 23 (1), Thu 24 (2), Tue 29 (3); ten days ends one working day earlier, Fri 8 January.
    expect(deadlines.acknowledgeBy).toBe('2026-12-29');
    expect(deadlines.stageDueBy).toBe('2027-01-08');
  });

  it('a pause shifts the stage due date but not the acknowledgement or the outer limit', () => {
    const input = stage1('2026-06-01', { pauses: [{ from: '2026-06-03', to: '2026-06-08' }] });
    expect(computeDeadlines(englandAndWales, nhs, input, '2026-06-10')).toEqual({
      acknowledgeBy: '2026-06-04', // Tue 2, Wed 3, Thu 4: not moved by the pause
      stage2AcknowledgeBy: null,
      stageDueBy: '2026-06-18', // 15 June plus the three paused working days
      outerLimitBy: '2026-11-30', // six months beginning with 1 June end on 30 November
      extended: false,
    });
  });

  it('an open pause keeps moving the stage due date', () => {
    const input = stage1('2026-06-01', { pauses: [{ from: '2026-06-03', to: null }] });
    expect(computeDeadlines(englandAndWales, nhs, input, '2026-06-05').stageDueBy).toBe('2026-06-18');
    expect(computeDeadlines(englandAndWales, nhs, input, '2026-06-12').stageDueBy).toBe('2026-06-25');
  });

  it('stage 2 counts from the day stage 2 started, and ignores stage 1 pauses', () => {
    // Stage 2 from Mon 1 June 2026, 25 days: 21 working days to Tue 30 June, then Wed 1, Thu 2,
    // Fri 3 and Mon 6 July (25).
    const input: DeadlineInput = {
      ...stage1('2026-05-01'),
      stage: 2,
      stage2StartedOn: '2026-06-01',
      pauses: [{ from: '2026-05-05', to: '2026-05-20' }],
    };
    const deadlines = computeDeadlines(englandAndWales, nhs, input, '2026-06-01');
    expect(deadlines.stageDueBy).toBe('2026-07-06');
    expect(deadlines.acknowledgeBy).toBe('2026-05-07'); // from Fri 1 May: Mon 4 is Early May; Tue 5 … Thu 7
    expect(deadlines.stage2AcknowledgeBy).toBe('2026-06-04'); // from Mon 1 June: Tue 2, Wed 3, Thu 4
    expect(deadlines.outerLimitBy).toBe('2026-10-31'); // from receipt, not from stage 2
  });

  it('a pause during stage 2 moves the stage 2 due date', () => {
    // Paused Mon 8 to Fri 12 June (resumed Mon 15): five working days, Mon 6 July becomes Mon 13 July.
    const input: DeadlineInput = {
      ...stage1('2026-05-01'),
      stage: 2,
      stage2StartedOn: '2026-06-01',
      pauses: [{ from: '2026-06-08', to: '2026-06-15' }],
    };
    expect(computeDeadlines(englandAndWales, nhs, input, '2026-06-20').stageDueBy).toBe('2026-07-13');
    // In Northern Ireland Mon 13 July is the Battle of the Boyne holiday, so Tue 14 July.
    expect(computeDeadlines(northernIreland, nhs, input, '2026-06-20').stageDueBy).toBe('2026-07-14');
  });

  it('stage 2 without a start date is an error, not a guess', () => {
    const input: DeadlineInput = { ...stage1('2026-05-01'), stage: 2 };
    expect(() => computeDeadlines(englandAndWales, nhs, input, '2026-06-01')).toThrow(/stage2StartedOn/);
  });

  it('an extension replaces the stage due date and is flagged', () => {
    const input = stage1('2026-06-01', {
      extendedDueOn: '2026-06-29',
      pauses: [{ from: '2026-06-03', to: '2026-06-08' }],
    });
    expect(computeDeadlines(englandAndWales, nhs, input, '2026-06-10')).toEqual({
      acknowledgeBy: '2026-06-04',
      stage2AcknowledgeBy: null,
      stageDueBy: '2026-06-29',
      outerLimitBy: '2026-11-30',
      extended: true,
    });
  });

  it('the outer limit is the six months beginning with the day of receipt (NHS reg 14, corresponding date rule)', () => {
    const limit = (receivedOn: string) =>
      computeDeadlines(englandAndWales, nhs, stage1(receivedOn), receivedOn).outerLimitBy;
    expect(limit('2026-01-15')).toBe('2026-07-14'); // the example the guidance gives
    expect(limit('2026-03-01')).toBe('2026-08-31');
    expect(limit('2026-08-31')).toBe('2027-02-28'); // no 31 February: the last day of February
    expect(limit('2026-08-30')).toBe('2027-02-28'); // no 30 February either
    expect(limit('2026-08-28')).toBe('2027-02-27');
    expect(limit('2028-02-29')).toBe('2028-08-28');
  });

  it('an outer limit agreed with the complainant replaces the statutory one', () => {
    const input = stage1('2026-01-15', { outerLimitAgreedBy: '2026-09-30' });
    expect(computeDeadlines(englandAndWales, nhs, input, '2026-07-01').outerLimitBy).toBe('2026-09-30');
  });

  it('closure days move due dates', () => {
    const withShutdown = calendar('england-and-wales', ['2026-12-29', '2026-12-30', '2026-12-31']);
    // Received Wed 23 December: Thu 24 (1); 25–28 holidays and weekend; 29–31 closed; 1 January
    // New Year's Day; Mon 4 (2), Tue 5 (3).
    expect(computeDeadlines(withShutdown, nhs, stage1('2026-12-23'), '2026-12-23').acknowledgeBy).toBe(
      '2027-01-05',
    );
  });

  it('a bank holiday added by an administrator moves the due date of an open case', () => {
    const input = stage1('2026-06-01');
    const before = computeDeadlines(englandAndWales, spso, input, '2026-06-02');
    const extraDay: Holiday = {
      date: '2026-06-05',
      title: 'Extra bank holiday',
      division: 'england-and-wales',
      provisional: false,
      source: 'admin',
    };
    const after = computeDeadlines(calendar('england-and-wales', [], [extraDay]), spso, input, '2026-06-02');
    // SPSO counts the day of receipt: Mon 1 (1) … Fri 5 June (5); with Fri 5 June a holiday, Mon 8 June.
    expect(before.stageDueBy).toBe('2026-06-05');
    expect(after.stageDueBy).toBe('2026-06-08');
  });

  it('deadlines in a projected year are computed from projected holidays and flagged provisional', () => {
    // Received Mon 20 December 2027 (official): Tue 21 (1) … Fri 24 (4); Mon 27 and Tue 28 are the
    // Christmas substitutes; Wed 29 (5), Thu 30 (6), Fri 31 (7); 1 January 2028 is a Saturday, so
    // the projected New Year holiday is Mon 3 January; Tue 4 (8), Wed 5 (9), Thu 6 (10).
    const deadlines = computeDeadlines(englandAndWales, nhs, stage1('2027-12-20'), '2027-12-20');
    expect(deadlines.stageDueBy).toBe('2028-01-06');
    expect(englandAndWales.isProvisional(deadlines.stageDueBy)).toBe(true);
    expect(englandAndWales.isProvisionalBetween('2027-12-20', deadlines.stageDueBy)).toBe(true);
    expect(englandAndWales.isProvisional(deadlines.acknowledgeBy ?? '')).toBe(false);
  });
});

describe('quickResolutionBy: NHS regulation 8, resolved by the end of the next working day', () => {
  it('is the next working day after receipt, skipping weekends and holidays', () => {
    expect(quickResolutionBy(englandAndWales, '2026-11-02')).toBe('2026-11-03'); // Mon → Tue
    expect(quickResolutionBy(englandAndWales, '2026-11-06')).toBe('2026-11-09'); // Fri → Mon
    expect(quickResolutionBy(englandAndWales, '2026-11-07')).toBe('2026-11-09'); // Sat → Mon
    expect(quickResolutionBy(englandAndWales, '2026-12-24')).toBe('2026-12-29'); // Thu → Tue (25, 28 holidays)
  });
});

describe('extensionLimit', () => {
  const spso = PRESETS.spso.timescales;
  const nhs = PRESETS['nhs-england'].timescales;

  it('caps SPSO stage 1 at 10 working days in all, counted like the stage itself', () => {
    // Received Mon 2 November 2026 (Scotland; 30 November is St Andrew's Day): Mon 2 (1) … Fri 13 (10).
    const input = { receivedOn: '2026-11-02', stage: 1 as const, stage2StartedOn: null, pauses: [] };
    expect(extensionLimit(scotland, spso, input, '2026-11-02')).toBe('2026-11-13');
  });

  it('has no cap at SPSO stage 2, nor where the organisation sets none', () => {
    const input = { receivedOn: '2026-11-02', stage: 2 as const, stage2StartedOn: '2026-11-09', pauses: [] };
    expect(extensionLimit(scotland, spso, input, '2026-11-09')).toBeNull();
    const ukGov = PRESETS['uk-central-government'].timescales;
    expect(extensionLimit(englandAndWales, ukGov, { ...input, stage: 1 }, '2026-11-09')).toBeNull();
    // NHS England's own target: 20 working days from Mon 2 November, day after receipt: Mon 30 November.
    expect(extensionLimit(englandAndWales, nhs, { ...input, stage: 1 }, '2026-11-09')).toBe('2026-11-30');
  });
});

describe('isOutOfTime: NHS regulation 12, not later than 12 months after becoming aware', () => {
  it('counts from the day after becoming aware to the same date a year on', () => {
    expect(isOutOfTime('2026-01-15', '2025-01-15', 12)).toBe(false); // the last day
    expect(isOutOfTime('2026-01-16', '2025-01-15', 12)).toBe(true);
    expect(isOutOfTime('2026-02-28', '2025-02-28', 12)).toBe(false);
    expect(isOutOfTime('2025-02-28', '2024-02-29', 12)).toBe(false); // no 29 February 2025: the 28th
    expect(isOutOfTime('2025-03-01', '2024-02-29', 12)).toBe(true);
  });

  it('is never out of time when the date of awareness is not known', () => {
    expect(isOutOfTime('2030-01-01', null, 12)).toBe(false);
  });

  it('uses the procedure’s own limit (SPSO: six months)', () => {
    expect(isOutOfTime('2026-07-15', '2026-01-15', 6)).toBe(false);
    expect(isOutOfTime('2026-07-16', '2026-01-15', 6)).toBe(true);
  });
});

describe('deadlineState', () => {
  const state = (due: string, today: string, dueSoonDays = 3) =>
    deadlineState(englandAndWales, due, today, dueSoonDays);

  it('is overdue the day after the due date', () => {
    expect(state('2026-07-08', '2026-07-09')).toBe('overdue');
    expect(state('2026-07-03', '2026-07-04')).toBe('overdue'); // even when today is a Saturday
  });

  it('is due soon on the due date itself', () => {
    expect(state('2026-07-08', '2026-07-08')).toBe('due-soon');
    expect(state('2026-07-08', '2026-07-08', 0)).toBe('due-soon');
  });

  it('counts working days, not calendar days, to the due date', () => {
    // From Fri 3 July: Mon 6, Tue 7, Wed 8 are 3 working days away (due soon); Thu 9 is 4 (on time).
    expect(state('2026-07-08', '2026-07-03')).toBe('due-soon');
    expect(state('2026-07-09', '2026-07-03')).toBe('on-time');
  });

  it('bank holidays bring a due date closer: 31 December is 3 working days from Christmas Eve 2026', () => {
    expect(state('2026-12-31', '2026-12-24')).toBe('due-soon');
    expect(state('2027-01-04', '2026-12-24')).toBe('on-time');
  });

  it('honours the configured warning period', () => {
    expect(state('2026-07-09', '2026-07-08', 0)).toBe('on-time');
    expect(state('2026-07-09', '2026-07-08', 1)).toBe('due-soon');
    expect(state('2026-07-17', '2026-07-03', 10)).toBe('due-soon');
  });
});

describe('validateExtension', () => {
  const validate = (newDue: string, toldOn: string, currentDue = '2026-07-10', today = '2026-07-08') =>
    validateExtension(englandAndWales, currentDue, newDue, toldOn, today);

  it('accepts a later working day, with the complainant told today or earlier', () => {
    expect(validate('2026-07-24', '2026-07-08')).toEqual([]);
    expect(validate('2026-07-13', '2026-07-01')).toEqual([]);
  });

  it('rejects a new due date that is not after the current one', () => {
    expect(validate('2026-07-10', '2026-07-08')).toEqual([
      { field: 'newDueDate', message: 'New due date must be after the current due date, 10 July 2026' },
    ]);
    expect(validate('2026-07-09', '2026-07-08')).toEqual([
      { field: 'newDueDate', message: 'New due date must be after the current due date, 10 July 2026' },
    ]);
  });

  it('rejects a new due date at a weekend or on a bank holiday, saying which', () => {
    expect(validate('2026-07-25', '2026-07-08')).toEqual([
      { field: 'newDueDate', message: 'New due date must be a working day; 25 July 2026 is not (Saturday)' },
    ]);
    expect(validate('2026-08-31', '2026-07-08')).toEqual([
      {
        field: 'newDueDate',
        message: 'New due date must be a working day; 31 August 2026 is not (Summer bank holiday)',
      },
    ]);
  });

  it('rejects a date the complainant was told that is in the future', () => {
    expect(validate('2026-07-24', '2026-07-09')).toEqual([
      { field: 'complainantToldOn', message: 'Date the complainant was told must be today or in the past' },
    ]);
  });

  it('reports both fields at once', () => {
    expect(validate('2026-07-01', '2026-08-01').map((e) => e.field)).toEqual([
      'newDueDate',
      'complainantToldOn',
    ]);
  });

  it('asks for missing dates and rejects impossible ones', () => {
    expect(validate('', '')).toEqual([
      { field: 'newDueDate', message: 'Enter the new due date' },
      { field: 'complainantToldOn', message: 'Enter the date the complainant was told' },
    ]);
    expect(validate('2026-02-30', '2026-07-32')).toEqual([
      { field: 'newDueDate', message: 'New due date must be a real date' },
      { field: 'complainantToldOn', message: 'Date the complainant was told must be a real date' },
    ]);
  });
});
