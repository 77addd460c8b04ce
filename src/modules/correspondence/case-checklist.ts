import { can } from '../../auth/roles.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import { isOpen, type Status } from '../../domain/lifecycle/index.ts';
import { acknowledgementOutstanding } from '../lifecycle/acknowledgement.ts';
import type { CaseSectionContext, ChecklistItem } from '../module.ts';
import { LETTER_KINDS, type LetterKey } from './letter-templates.ts';
import { correspondencePaths } from './paths.ts';

/** What comes next once a letter or email has gone, for the success banner. */
const NEXT_AFTER_LETTER: Record<LetterKey, string> = {
  acknowledgement: 'record the issues of the complaint.',
  'stage2-acknowledgement': 'investigate, and record the outcome of each issue.',
  extension: 'carry on with the next step before the new date.',
  'stage1-outcome': 'close the complaint, or escalate it if they are unhappy.',
  'final-response': 'close the complaint.',
  'late-response': 'send the final response as soon as it is ready.',
};

/** The success banner after a letter or email goes: what was sent to whom, and what comes next. */
export function letterSentMessage(key: LetterKey, complaint: Pick<ComplaintRow, 'complainant_name'>): string {
  const letter =
    key === 'extension' || key === 'late-response'
      ? `${LETTER_KINDS[key].name} letter`
      : LETTER_KINDS[key].name;
  return `${letter} sent to ${complaint.complainant_name}. Next: ${NEXT_AFTER_LETTER[key]}`;
}

/**
 * Letters the case says are owed: the acknowledgement of its current stage not yet given, a signed-off final
 * response not sent.
 */
export async function correspondenceChecklist({
  actor,
  complaint: c,
}: CaseSectionContext): Promise<ChecklistItem[]> {
  const status = c.status as Status;
  if (!isOpen(status)) return [];
  const canSend = can(actor.role, 'correspondence:send');
  const owed = (id: string, key: LetterKey, text: string): ChecklistItem => ({
    id,
    text,
    href: canSend ? correspondencePaths.complaints.letter(c.reference, key) : undefined,
  });
  const items: ChecklistItem[] = [];
  // Acknowledged means they were told (the letter sent, or a call or meeting recorded): see acknowledgement.ts.
  if (acknowledgementOutstanding(c))
    items.push(
      c.stage === 2
        ? owed(
            'stage2-acknowledgement-not-sent',
            'stage2-acknowledgement',
            'Stage 2 acknowledgement not sent',
          )
        : owed('acknowledgement-not-sent', 'acknowledgement', 'Acknowledgement not sent'),
    );
  if (status === 'signed-off' && !c.final_response_sent_on)
    items.push(owed('final-response-not-sent', 'final-response', 'Final response not sent'));
  return items;
}
