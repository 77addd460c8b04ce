import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/domain/calendar/index.ts';
import { dateFromFields } from '../../../src/modules/correspondence/forms.ts';
import { defaultLetter, LETTER_KEYS } from '../../../src/modules/correspondence/letter-templates.ts';
import { type LetterFacts, letterValues } from '../../../src/modules/correspondence/letter-values.ts';
import { deliveryFor } from '../../../src/modules/correspondence/letters.ts';
import { placeholderErrors, renderTemplate } from '../../../src/modules/correspondence/template-renderer.ts';

const facts = (overrides: Partial<LetterFacts> = {}): LetterFacts => ({
  complaint: {
    reference: 'CMP-2026-000042',
    complainant_name: 'Alex Example',
    received_on: '2026-11-02',
    acknowledge_by: '2026-11-05',
    stage_due_by: '2026-11-16',
    outer_limit_by: '2027-05-02',
    stage: 1,
    outcome: null,
    outcome_summary: null,
    extended_due_on: null,
  },
  organisation: {
    name: 'Test NHS Trust',
    preset: 'nhs-england',
    nation: 'england',
    sector: 'nhs',
    ombudsman: 'phso',
    tier: null,
    complaintsTeam: {
      name: 'Patient Advice and Complaints Team',
      phone: '0300 123 4567',
      email: 'complaints@example.nhs.uk',
      address: 'Test NHS Trust\n1 Hospital Road\nLeeds',
    },
    advocacy: { name: null, url: null },
  },
  timescales: PRESETS['nhs-england'].timescales,
  extension: null,
  remedies: [],
  handlerName: 'Sam Handler',
  today: '2026-11-03',
  ...overrides,
});

describe('default letters', () => {
  it.each(LETTER_KEYS)('%s uses only known placeholders, for every preset', (key) => {
    for (const preset of ['nhs-england', 'spso', 'uk-central-government']) {
      const text = defaultLetter(key, preset);
      expect(placeholderErrors('subject', 'Subject', text.subject)).toEqual([]);
      expect(placeholderErrors('body', 'Text', text.body)).toEqual([]);
    }
  });

  it('gives NHS England organisations the 6-month outer limit in the acknowledgement, and others not', () => {
    expect(defaultLetter('acknowledgement', 'nhs-england').body).toContain('{{outer_limit_by}}');
    expect(defaultLetter('acknowledgement', 'spso').body).not.toContain('{{outer_limit_by}}');
  });

  it('renders the acknowledgement with the timescales and dates of the case', () => {
    const { text, missing } = renderTemplate(
      defaultLetter('acknowledgement', 'nhs-england').body,
      letterValues(facts()),
    );
    expect(missing).toEqual([]);
    expect(text).toContain('We received your complaint on 2 November 2026.');
    expect(text).toContain('within 10 working days: for yours, by 16 November 2026');
    expect(text).toContain('within 6 months, by 2 May 2027');
    expect(text).toContain('Sam Handler\nTest NHS Trust');
  });

  // The letter is itself the acknowledgement: it does not promise one.
  it.each(['nhs-england', 'spso', 'uk-central-government'])(
    'the %s acknowledgement does not say when the complaint will be acknowledged',
    (preset) => {
      const { body } = defaultLetter('acknowledgement', preset);
      expect(body).not.toMatch(/acknowledge/i);
      expect(body).not.toContain('{{acknowledge_by}}');
    },
  );

  it('gives the complaints team’s contact details in both acknowledgements', () => {
    for (const key of ['acknowledgement', 'stage2-acknowledgement'] as const) {
      const { text, missing } = renderTemplate(defaultLetter(key, 'nhs-england').body, letterValues(facts()));
      expect(missing, key).toEqual([]);
      expect(text, key).toContain(
        'How to contact us\nPatient Advice and Complaints Team\nTelephone: 0300 123 4567\n' +
          'Email: complaints@example.nhs.uk\nPost:\nTest NHS Trust\n1 Hospital Road\nLeeds',
      );
    }
  });

  it('asks for the contact details the organisation has not given', () => {
    const noPhone = facts({
      organisation: {
        ...facts().organisation,
        complaintsTeam: { ...facts().organisation.complaintsTeam, phone: null },
      },
    });
    const { text, missing } = renderTemplate(
      defaultLetter('acknowledgement', 'spso').body,
      letterValues(noPhone),
    );
    expect(missing).toEqual(['complaints_team_phone']);
    expect(text).toContain('Telephone: [To complete: complaints team telephone number]');
  });

  // SI 2009/309 reg 13: offer to discuss the manner of handling and the response period (docs/sources.md §2).
  it('offers to talk about how the complaint will be handled and how long it will take', () => {
    const { text } = renderTemplate(
      defaultLetter('acknowledgement', 'nhs-england').body,
      letterValues(facts()),
    );
    expect(text).toContain('We would like to talk with you about how we will look into your complaint');
    expect(text).toContain('how long it is likely to take before we send you our response');
  });

  it('points to independent advocacy chosen by the nation and sector', () => {
    const render = (organisation: Partial<LetterFacts['organisation']>) =>
      renderTemplate(
        defaultLetter('acknowledgement', 'nhs-england').body,
        letterValues(facts({ organisation: { ...facts().organisation, ...organisation } })),
      ).text;
    expect(render({})).toContain('Help with your complaint\nNHS Complaints Advocacy');
    expect(render({ nation: 'wales', ombudsman: 'psow' })).toContain('Llais');
    expect(render({ nation: 'scotland', ombudsman: 'spso' })).toContain('(PASS)');
    expect(render({ nation: 'uk-wide', sector: 'uk-government' })).toContain('Citizens Advice');
    expect(render({ nation: 'northern-ireland', ombudsman: 'nipso' })).toContain(
      '[To complete: where to get free, independent help with a complaint]',
    );
  });

  it('puts the Ombudsman of the organisation in the final response', () => {
    const scottish = facts({
      organisation: {
        ...facts().organisation,
        name: 'NHS Example',
        preset: 'spso',
        nation: 'scotland',
        ombudsman: 'spso',
      },
    });
    const { text } = renderTemplate(defaultLetter('final-response', 'spso').body, letterValues(scottish));
    expect(text).toContain('Scottish Public Services Ombudsman');
    expect(text).not.toContain('Parliamentary and Health Service Ombudsman');
  });

  it('names the independent tier before the Ombudsman in the final response', () => {
    const hmrc = facts({
      organisation: {
        ...facts().organisation,
        preset: 'uk-central-government',
        nation: 'uk-wide',
        sector: 'uk-government',
        tier: { kind: 'adjudicators-office' },
      },
    });
    const { text } = renderTemplate(
      defaultLetter('final-response', 'uk-central-government').body,
      letterValues(hmrc),
    );
    expect(text.indexOf('Adjudicator’s Office')).toBeGreaterThan(-1);
    expect(text.indexOf('Adjudicator’s Office')).toBeLessThan(text.indexOf('Parliamentary and Health'));
    expect(text).toContain('Member of Parliament');
  });

  it('writes the outcome and the remedies in words', () => {
    const values = letterValues(
      facts({
        complaint: { ...facts().complaint, outcome: 'partly-upheld', outcome_summary: 'We found a delay.' },
        remedies: [
          { kind: 'apology', description: 'We apologise.', amountPence: null },
          { kind: 'financial-redress', description: 'For your travel costs.', amountPence: 5000 },
        ],
      }),
    );
    expect(values.outcome).toBe('partly upheld');
    expect(values.remedies).toBe('- An apology: We apologise.\n- A payment (£50.00): For your travel costs.');
  });

  it('asks for the parts of the final response only a person can write', () => {
    const { text } = renderTemplate(
      defaultLetter('final-response', 'nhs-england').body,
      letterValues(facts()),
    );
    expect(text).toContain('[To complete: say what we have learned');
    expect(text).toContain('[To complete: what we found]');
  });
});

describe('deliveryFor', () => {
  it('emails when there is an email address', () => {
    expect(
      deliveryFor({ complainant_email: 'a@example.com', complainant_address: null, preferred_contact: null }),
    ).toEqual({ channel: 'email', recipient: 'a@example.com' });
  });

  it('writes a letter when there is no email address, or the complainant asked for post', () => {
    expect(
      deliveryFor({ complainant_email: null, complainant_address: '1 High Street', preferred_contact: null }),
    ).toEqual({ channel: 'letter', recipient: '1 High Street' });
    expect(
      deliveryFor({
        complainant_email: 'a@example.com',
        complainant_address: '1 High Street',
        preferred_contact: 'post',
      }),
    ).toEqual({ channel: 'letter', recipient: '1 High Street' });
  });

  it('has no recipient when there is neither', () => {
    expect(
      deliveryFor({ complainant_email: null, complainant_address: null, preferred_contact: 'phone' }),
    ).toEqual({ channel: 'letter', recipient: null });
  });
});

describe('dateFromFields', () => {
  it('reads a real date', () => {
    expect(dateFromFields({ day: '3', month: '12', year: '2026' }, 'the date')).toEqual({
      date: '2026-12-03',
    });
  });

  it('says what is missing or wrong', () => {
    expect(dateFromFields({}, 'the date')).toEqual({ error: 'Enter the date' });
    expect(dateFromFields({ day: '3', year: '2026' }, 'the date')).toEqual({
      error: 'The date must include a month',
    });
    expect(dateFromFields({ day: '31', month: '2', year: '2026' }, 'the date')).toEqual({
      error: 'The date must be a real date',
    });
  });
});
