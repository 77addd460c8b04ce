import { can } from '../../auth/roles.ts';
import { isOpen, type Status } from '../../domain/lifecycle/index.ts';
import { inScope, scopeOf } from '../../tenancy/scope.ts';
import type { CaseSectionContext, ChecklistItem } from '../module.ts';
import type { LetterKey } from './letter-templates.ts';
import { correspondencePaths } from './paths.ts';

/** The success banner after a letter or email goes: what was sent, and what comes next. */
export const LETTER_SENT_MESSAGES: Record<LetterKey, string> = {
  acknowledgement: 'Acknowledgement sent. Next: record the issues of the complaint.',
  'stage2-acknowledgement':
    'Stage 2 acknowledgement sent. Next: investigate, and record the outcome of each issue.',
  extension: 'Extension letter sent. Next: carry on with the next step before the new date.',
  'stage1-outcome': 'Stage 1 response sent. Next: close the complaint, or escalate it if they are unhappy.',
  'final-response': 'Final response sent. Next: close the complaint.',
  'late-response': 'Letter sent. Next: send the final response as soon as it is ready.',
};

/**
 * Letters the case says are owed: an acknowledgement recorded (or due) without the letter, the stage 2
 * acknowledgement, a signed-off final response not sent.
 */
export async function correspondenceChecklist({
  services,
  actor,
  complaint: c,
}: CaseSectionContext): Promise<ChecklistItem[]> {
  const status = c.status as Status;
  if (!isOpen(status)) return [];
  const canSend = can(actor.role, 'correspondence:send');
  const sent = new Set(
    (
      await services.db
        .selectFrom('correspondence')
        .select('template_key')
        .where(inScope(scopeOf(actor), 'correspondence'))
        .where('complaint_id', '=', c.id)
        .where('direction', '=', 'outbound')
        .where('template_key', 'is not', null)
        .execute()
    ).map((r) => r.template_key),
  );
  const owed = (id: string, key: LetterKey, text: string): ChecklistItem => ({
    id,
    text,
    href: canSend ? correspondencePaths.complaints.letter(c.reference, key) : undefined,
  });
  const items: ChecklistItem[] = [];
  if (c.stage === 1 && c.acknowledge_by && !sent.has('acknowledgement'))
    items.push(owed('acknowledgement-not-sent', 'acknowledgement', 'Acknowledgement not sent'));
  if (c.stage === 2 && !sent.has('stage2-acknowledgement'))
    items.push(
      owed('stage2-acknowledgement-not-sent', 'stage2-acknowledgement', 'Stage 2 acknowledgement not sent'),
    );
  if (status === 'signed-off' && !c.final_response_sent_on)
    items.push(owed('final-response-not-sent', 'final-response', 'Final response not sent'));
  return items;
}
