import { describe, expect, it } from 'vitest';
import {
  deriveOmbudsman,
  NATIONS,
  type Nation,
  type Ombudsman,
  ombudsmanFor,
  ombudsmanRoute,
  ombudsmanSignposting,
  SECTORS,
  type Sector,
  usualJurisdiction,
} from '../../../src/domain/ombudsman.ts';

const ombudsmanOf = (nation: Nation, sector: Sector): Ombudsman | string => {
  const derivation = deriveOmbudsman(nation, sector);
  return derivation.kind === 'derived' ? derivation.ombudsman : 'refused';
};

// Each case is a row of the "Which Ombudsman" table in docs/sources.md §4, or a quote from that section.
describe('which Ombudsman, from the nation and the sector', () => {
  it.each([
    // HSCA 2012 s.185: "a complaint to the Public Services Ombudsman for Wales which relates to a Welsh health body"
    ['a Welsh NHS body (health board, NHS trust in Wales)', 'wales', 'nhs', 'psow'],
    // PSOW, "Complaints against public bodies – our procedure"; its figures count complaints "about local councils"
    ['a Welsh local authority', 'wales', 'other', 'psow'],
    ['the Welsh Government', 'wales', 'devolved-government', 'psow'],
    // CPAG: "The Parliamentary and Health Service Ombudsman deals with complaints about central government"
    [
      'a UK department’s office in Scotland on a reserved matter (DWP, HMRC)',
      'scotland',
      'uk-government',
      'phso',
    ],
    ['a UK department’s office in Wales on a reserved matter', 'wales', 'uk-government', 'phso'],
    [
      'a UK department’s office in Northern Ireland on a reserved matter',
      'northern-ireland',
      'uk-government',
      'phso',
    ],
    ['a UK government department', 'uk-wide', 'uk-government', 'phso'],
    // CPAG: the SPSO "deals with complaints about local government and SSS" (Social Security Scotland)
    ['Social Security Scotland', 'scotland', 'devolved-government', 'spso'],
    ['NHS Scotland (a health board)', 'scotland', 'nhs', 'spso'],
    ['a Scottish council', 'scotland', 'other', 'spso'],
    // NIPSO: "public health service providers, councils, Northern Ireland government departments and agencies"
    ['a Northern Ireland health and social care trust', 'northern-ireland', 'nhs', 'nipso'],
    ['a Northern Ireland government department', 'northern-ireland', 'devolved-government', 'nipso'],
    ['a Northern Ireland council', 'northern-ireland', 'other', 'nipso'],
    // NHS Complaint Standards: "They apply to all NHS organisations in England"
    ['an NHS trust in England', 'england', 'nhs', 'phso'],
    ['an arm’s-length body of a UK department working in England only', 'england', 'uk-government', 'phso'],
  ] as const)('%s → %s', (_body, nation, sector, expected) => {
    expect(ombudsmanOf(nation, sector)).toBe(expected);
  });

  it('refuses devolved government outside the devolved nations', () => {
    for (const nation of ['england', 'uk-wide'] as const) {
      const derivation = deriveOmbudsman(nation, 'devolved-government');
      expect(derivation.kind).toBe('refused');
      if (derivation.kind === 'refused')
        expect(derivation.reason).toMatch(/Wales, Scotland or Northern Ireland/);
    }
  });

  it('decides every other pair, and asks for a check only where the rule may not fit (English councils)', () => {
    const checked: string[] = [];
    for (const nation of NATIONS) {
      for (const sector of SECTORS) {
        const derivation = deriveOmbudsman(nation, sector);
        if (sector === 'devolved-government' && (nation === 'england' || nation === 'uk-wide')) continue;
        expect(derivation.kind, `${nation} ${sector}`).toBe('derived');
        if (derivation.kind === 'derived' && derivation.check) checked.push(`${nation} ${sector}`);
      }
    }
    expect(checked).toEqual(['england other']);
    const english = deriveOmbudsman('england', 'other');
    expect(english.kind === 'derived' && english.check).toMatch(/Local Government and Social Care Ombudsman/);
  });

  it('lets an administrator override the derived Ombudsman', () => {
    expect(ombudsmanFor({ nation: 'wales', sector: 'nhs', ombudsmanOverride: null })).toBe('psow');
    expect(ombudsmanFor({ nation: 'england', sector: 'other', ombudsmanOverride: 'psow' })).toBe('psow');
  });

  it('guesses the nation and sector of a new organisation from its division and preset', () => {
    expect(usualJurisdiction('england-and-wales', 'nhs-england')).toEqual({
      nation: 'england',
      sector: 'nhs',
    });
    expect(usualJurisdiction('england-and-wales', 'uk-central-government')).toEqual({
      nation: 'uk-wide',
      sector: 'uk-government',
    });
    expect(usualJurisdiction('scotland', 'spso')).toEqual({ nation: 'scotland', sector: 'other' });
    expect(usualJurisdiction('northern-ireland', 'spso')).toEqual({
      nation: 'northern-ireland',
      sector: 'other',
    });
  });
});

describe('how the complainant reaches the Ombudsman', () => {
  // PHSO: "complaints about UK Government departments and other UK public organisations must be referred to us
  // by an MP … Complaints about the NHS in England can come to us directly or through an MP."
  it('needs an MP for the PHSO except for the NHS', () => {
    expect(ombudsmanRoute('phso', 'nhs')).toBe('direct-or-mp');
    expect(ombudsmanRoute('phso', 'uk-government')).toBe('mp');
    expect(ombudsmanRoute('phso', 'other')).toBe('mp');
    expect(ombudsmanRoute('spso', 'uk-government')).toBe('direct');
    expect(ombudsmanRoute('psow', 'nhs')).toBe('direct');
  });
});

describe('signposting in the final response', () => {
  it('PHSO for the NHS in England: our procedure first, then 12 months from awareness, directly or via an MP', () => {
    const text = ombudsmanSignposting({ ombudsman: 'phso', sector: 'nhs', tier: null });
    expect(text).toContain('Parliamentary and Health Service Ombudsman (PHSO)');
    expect(text).toContain('this letter is our final response, so ours is now finished');
    expect(text).toContain('within 12 months of when you became aware of the problem');
    expect(text).toContain('You can contact the Ombudsman yourself, or ask a Member of Parliament');
    expect(text).toContain('Website: www.ombudsman.org.uk. Telephone: 0345 015 4033.');
    expect(text).not.toContain('By law');
  });

  it('PHSO for UK government: through an MP, within 12 months', () => {
    const text = ombudsmanSignposting({ ombudsman: 'phso', sector: 'uk-government', tier: null });
    expect(text).toContain('must be referred to the Ombudsman by a Member of Parliament');
    expect(text).toContain('You should ask an MP within 12 months of when you became aware of the problem');
  });

  it('PSOW: 12 months from the events or from finding out', () => {
    const text = ombudsmanSignposting({ ombudsman: 'psow', sector: 'nhs', tier: null });
    expect(text).toContain('Public Services Ombudsman for Wales (PSOW)');
    expect(text).toContain(
      'within 12 months of the events you are complaining about, or of when you found out',
    );
    expect(text).toContain('www.ombudsman.wales');
    expect(text).not.toContain('Member of Parliament');
  });

  it('SPSO: 12 months from awareness', () => {
    const text = ombudsmanSignposting({ ombudsman: 'spso', sector: 'other', tier: null });
    expect(text).toContain('within 12 months of when you became aware of the problem');
    expect(text).toContain('www.spso.org.uk');
  });

  it('NIPSO: 6 months after our procedure ends', () => {
    const text = ombudsmanSignposting({ ombudsman: 'nipso', sector: 'nhs', tier: null });
    expect(text).toContain('within 6 months of completing our complaints procedure');
    expect(text).toContain('www.nipso.org.uk');
  });

  it('names the Adjudicator’s Office first, with its 6 months, then the PHSO through an MP', () => {
    const text = ombudsmanSignposting({
      ombudsman: 'phso',
      sector: 'uk-government',
      tier: { kind: 'adjudicators-office' },
    });
    const [tier, ombudsman] = text.split('\n\n');
    expect(tier).toContain('you can ask the Adjudicator’s Office to look at your complaint');
    expect(tier).toContain('within 6 months of receiving this final response');
    expect(tier).toContain('Telephone: 03000 571 111');
    expect(ombudsman).toContain('once the Adjudicator’s Office has looked at your complaint');
    expect(ombudsman).toContain('will not normally look at your complaint until the Adjudicator’s Office');
    expect(ombudsman).toContain('Member of Parliament');
  });

  it('asks for a copy of the final response for the Independent Case Examiner', () => {
    const text = ombudsmanSignposting({
      ombudsman: 'phso',
      sector: 'uk-government',
      tier: { kind: 'independent-case-examiner' },
    });
    expect(text.indexOf('Independent Case Examiner')).toBeLessThan(text.indexOf('Parliamentary'));
    expect(text).toContain('Please send it a copy of this letter');
    expect(text).toContain('www.gov.uk/complain-independent-case-examiner');
  });

  it('names another body with its own website and time limit', () => {
    const text = ombudsmanSignposting({
      ombudsman: 'phso',
      sector: 'uk-government',
      tier: {
        kind: 'other',
        name: 'the Independent Complaints Reviewer',
        website: 'www.icrev.org.uk',
        timeLimitMonths: 3,
      },
    });
    expect(text).toContain('ask the Independent Complaints Reviewer to look at your complaint');
    expect(text).toContain('within 3 months of receiving this final response');
    expect(text).toContain('Website: www.icrev.org.uk.');
    expect(text).not.toContain('its service is free.');
  });
});
