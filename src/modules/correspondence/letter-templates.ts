export const LETTER_KEYS = [
  'acknowledgement',
  'stage2-acknowledgement',
  'extension',
  'stage1-outcome',
  'final-response',
  'late-response',
] as const;
export type LetterKey = (typeof LETTER_KEYS)[number];

export function isLetterKey(value: string): value is LetterKey {
  return (LETTER_KEYS as readonly string[]).includes(value);
}

export interface LetterKind {
  name: string;
  description: string;
}

export const LETTER_KINDS: Record<LetterKey, LetterKind> = {
  acknowledgement: {
    name: 'Acknowledgement',
    description:
      'Sent when a complaint arrives: the reference, the dates that apply, an offer to talk about how it will ' +
      'be handled, how to contact the complaints team and where to get independent help.',
  },
  'stage2-acknowledgement': {
    name: 'Stage 2 acknowledgement',
    description:
      'Sent when a complaint is taken to investigation: who looks at it, by when, and how to contact the ' +
      'complaints team.',
  },
  extension: {
    name: 'Extension',
    description: 'Tells the complainant we need more time: why, and the new date.',
  },
  'stage1-outcome': {
    name: 'Stage 1 response',
    description: 'The early resolution response: the outcome, what we found and how to ask for stage 2.',
  },
  'final-response': {
    name: 'Final response',
    description:
      'The investigation response, signed by the responsible person who signed it off: how we looked at it, ' +
      'what we found, what we will put right, and the Ombudsman.',
  },
  'late-response': {
    name: 'Late response',
    description:
      'When the final response will be later than the time limit: why it is late and when it will come ' +
      '(NHS complaints regulations, regulation 14(4)).',
  },
};

export interface LetterText {
  subject: string;
  body: string;
}

const lines = (...paragraphs: (string | null)[]) =>
  paragraphs.filter((p): p is string => p !== null).join('\n\n');

const SIGN_OFF = 'Yours sincerely\n\n{{handler_name}}\n{{organisation_name}}';

/** The final response is signed by the responsible person who signed it off (NHS regulation 14(2)). */
const SIGNED_BY_RESPONSIBLE_PERSON =
  'Yours sincerely\n\n{{signatory_name}}\n{{signatory_role}}\n{{organisation_name}}';

const CONTACT_DETAILS =
  'How to contact us\n' +
  '{{complaints_team_name}}\n' +
  'Telephone: {{complaints_team_phone}}\n' +
  'Email: {{complaints_team_email}}\n' +
  'Post:\n{{complaints_team_address}}';

/**
 * The texts every organisation starts from, written in the spirit of the Ombudsman's guidance: thank the person,
 * say sorry where we can, explain plainly, say what happens next and what we will learn. Where a procedure sets
 * a rule (the NHS 6-month limit), the text for organisations using that preset says so.
 */
export function defaultLetter(key: LetterKey, preset: string): LetterText {
  const nhs = preset === 'nhs-england';
  switch (key) {
    case 'acknowledgement':
      return {
        subject: 'We have received your complaint (reference {{reference}})',
        body: lines(
          'Dear {{complainant_name}}',
          'Thank you for telling us about your experience. I am sorry that you have had reason to complain, and ' +
            'I am grateful that you took the time to contact us. Complaints help us to put things right and to ' +
            'improve our services for everyone.',
          'Your reference is {{reference}}. Please quote it whenever you contact us about your complaint.',
          'The dates that apply to your complaint\n' +
            '- We received your complaint on {{received_date}}.\n' +
            '- We aim to respond within {{stage1_days}} working days: for yours, by {{stage_due_by}}.' +
            (nhs
              ? '\n- The NHS complaints regulations say we must give you our full response within 6 months, by ' +
                '{{outer_limit_by}}, unless we agree a longer time with you before then.'
              : ''),
          'Working days do not include weekends or bank holidays.',
          // NHS England, SI 2009/309 reg 13: when acknowledging, offer to discuss the manner in which the complaint
          // is to be handled and the response period (docs/sources.md §2). The UK central government standards
          // also ask that timescales are discussed, so every preset makes the offer.
          'Talking about how we will handle your complaint\n' +
            'We would like to talk with you about how we will look into your complaint and how long it is likely ' +
            'to take before we send you our response. If you would like that, please contact us using the ' +
            'details below and we will arrange a time that suits you. If you would rather not, we will work to ' +
            'the dates above and write to you if they change.',
          'What happens next\n' +
            '{{handler_name}} will look into your complaint. We may contact you to make sure we understand ' +
            'what happened and what you would like us to do. If we need more time, we will tell you why and ' +
            'give you a new date.' +
            (nhs ? ' If we cannot respond within 6 months, we will write to explain why.' : ''),
          CONTACT_DETAILS,
          'Help with your complaint\n{{independent_advocacy}}',
          'If you need help taking part in the complaints process, or you would like us to contact you in a ' +
            'different way, please tell us. ' +
            (nhs
              ? 'Making a complaint will not affect your care or treatment.'
              : 'Making a complaint will not affect how we treat you.'),
          SIGN_OFF,
        ),
      };
    case 'stage2-acknowledgement':
      return {
        subject: 'We are investigating your complaint (reference {{reference}})',
        body: lines(
          'Dear {{complainant_name}}',
          'Thank you for letting us know that you are not satisfied. I am sorry that we have not yet been able ' +
            'to resolve your concerns.',
          'We will now investigate your complaint in more detail. Where we can, the investigation will be ' +
            'carried out by someone who was not involved in the events you told us about.',
          'We aim to send you our full response within {{stage2_days}} working days, by {{stage_due_by}}. ' +
            'Working days do not include weekends or bank holidays. If we need more time, we will tell you why ' +
            'and give you a new date.' +
            (nhs
              ? ' The NHS complaints regulations say we must give you our full response by {{outer_limit_by}}, ' +
                'unless we agree a longer time with you before then.'
              : ''),
          'We may contact you to check that we understand which parts of your complaint you are still unhappy ' +
            'about and what you would like us to do.',
          'Please quote {{reference}} whenever you contact us about your complaint.',
          CONTACT_DETAILS,
          SIGN_OFF,
        ),
      };
    case 'extension':
      return {
        subject: 'We need more time to respond to your complaint (reference {{reference}})',
        body: lines(
          'Dear {{complainant_name}}',
          'I am writing about your complaint, reference {{reference}}, which we received on {{received_date}}.',
          'I am sorry, but we need more time to give you a full and proper response.',
          'Why we need more time\n{{extension_reason}}',
          'We now expect to send you our response by {{new_due_date}}. We first told you about this on ' +
            '{{extension_told_date}}.',
          'I know that waiting is frustrating, and I am sorry for the delay. We would rather take the time to ' +
            'look into your concerns properly than send you an incomplete answer. If anything changes, we will ' +
            'tell you straight away.',
          'If you have any questions, or you are unhappy about the delay, please contact us quoting {{reference}}.',
          SIGN_OFF,
        ),
      };
    case 'stage1-outcome':
      return {
        subject: 'Our response to your complaint (reference {{reference}})',
        body: lines(
          'Dear {{complainant_name}}',
          'Thank you for raising your concerns with us, and for your patience while we looked into them.',
          'What we found\nWe have looked into your complaint and our decision is that it is {{outcome}}.',
          '{{outcome_summary}}',
          'Where we got things wrong, I am sorry. We will share what we have learned from your complaint with ' +
            'the team involved, so that we can improve the service for others.',
          'If you are not satisfied\n' +
            'If you are not satisfied with this response, you can ask us to look at your complaint again in more ' +
            'detail (stage 2 of our complaints procedure). Please contact us quoting {{reference}}, and tell us ' +
            'which parts of your complaint you are still unhappy about and what you would like us to do. We aim ' +
            'to send a full response within {{stage2_days}} working days of starting the investigation.',
          'If you are still not satisfied once our complaints procedure is complete, you can ask the Ombudsman ' +
            'to look at your complaint. We will explain how in our final response.',
          SIGN_OFF,
        ),
      };
    case 'final-response':
      return {
        subject: 'Our final response to your complaint (reference {{reference}})',
        body: lines(
          'Dear {{complainant_name}}',
          'Thank you for bringing your complaint to us, and for your patience while we investigated it. I know ' +
            'that making a complaint takes time and effort, and I am sorry that you had reason to do so.',
          'This is our final response to your complaint, which we received on {{received_date}}.',
          'How we looked into your complaint\n' +
            '[To complete: say who investigated, who we spoke to, which records we looked at and any ' +
            'independent advice we took.]',
          'What we found\nOur decision is that your complaint is {{outcome}}.',
          '{{outcome_summary}}',
          'What we will put right\n{{remedies}}',
          'What we have learned\n' +
            '[To complete: say what we have learned and what we are changing as a result, and by when.]',
          'Where we got things wrong, I am truly sorry. I hope this response shows that we have taken your ' +
            'concerns seriously.',
          'If you are still not satisfied\n' +
            'This is the end of our complaints procedure. If there is anything in this letter you do not ' +
            'understand, or you think we have missed something, please contact us quoting {{reference}}.',
          '{{ombudsman_signposting}}',
          SIGNED_BY_RESPONSIBLE_PERSON,
        ),
      };
    case 'late-response':
      return {
        subject: 'Our response to your complaint will be late (reference {{reference}})',
        body: lines(
          'Dear {{complainant_name}}',
          'I am writing about your complaint, which we received on {{received_date}}. We should have sent you ' +
            'our full response by {{outer_limit_by}}, and I am sorry that we have not yet done so.',
          'Why our response is late\n[To complete: explain plainly why we have not been able to respond in time.]',
          'When you will hear from us\n[To complete: the date by which we will send our response, and what ' +
            'we still need to do before then.]',
          'If you would like to talk about this, please contact us quoting {{reference}}.',
          // Reg 14(4) asks only for the reason; the final response will carry the full signposting, so this
          // letter names the Ombudsman for advice about the delay rather than as the next step.
          'You can also ask for advice about the delay from {{ombudsman_contact}}. Its service is ' +
            'independent and free.',
          'Help with your complaint\n{{independent_advocacy}}',
          CONTACT_DETAILS,
          SIGN_OFF,
        ),
      };
  }
}
