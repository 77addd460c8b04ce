import type { OrganisationCalendar } from '../../calendar/calendar-service.ts';
import { computeDeadlines, type IsoDate } from '../../domain/calendar/index.ts';
import type { OrganisationForLetters } from './correspondence-repository.ts';
import type { LetterFacts } from './letter-values.ts';

/** A made-up complaint with every value filled in, for checking a template's wording before it is used. */
export function sampleFacts(
  org: OrganisationForLetters,
  { calendar, timescales }: OrganisationCalendar,
  today: IsoDate,
  handlerName: string,
): LetterFacts {
  const due = computeDeadlines(
    calendar,
    timescales,
    {
      receivedOn: today,
      stage: 1,
      stage2StartedOn: null,
      pauses: [],
      extendedDueOn: null,
      acknowledgedOn: null,
    },
    today,
  );
  return {
    complaint: {
      reference: `${org.referencePrefix}-${today.slice(0, 4)}-000123`,
      complainant_name: 'Sam Sample',
      received_on: today,
      acknowledge_by: due.acknowledgeBy,
      stage_due_by: due.stageDueBy,
      outer_limit_by: due.outerLimitBy,
      stage: 1,
      outcome: 'partly-upheld',
      outcome_summary:
        'We found that the appointment letter was sent to an old address, so you did not know the ' +
        'appointment had been moved. We did not find that staff were rude to you on the phone.',
      extended_due_on: null,
    },
    organisation: org,
    timescales,
    extension: {
      reason: 'We are waiting for an account from a member of staff who has been away from work.',
      newDueOn: calendar.addWorkingDays(due.stageDueBy, 10),
      toldOn: today,
    },
    remedies: [
      { kind: 'apology', description: 'We apologise for the missed appointment.', amountPence: null },
      {
        kind: 'service-change',
        description: 'We now check the address with every patient when an appointment is booked.',
        amountPence: null,
      },
    ],
    handlerName,
    today,
  };
}
