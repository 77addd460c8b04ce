import { describe, expect, it } from 'vitest';
import { independentAdvocacy } from '../../../src/domain/advocacy.ts';

// docs/sources.md §6, "Names to use".
describe('independent advocacy, by nation and sector', () => {
  it('NHS in England: NHS Complaints Advocacy, arranged by the local council', () => {
    expect(independentAdvocacy('england', 'nhs')).toContain('NHS Complaints Advocacy');
    expect(independentAdvocacy('england', 'nhs')).toContain('local council');
  });

  it('NHS Wales: Llais', () => {
    expect(independentAdvocacy('wales', 'nhs')).toContain('Llais');
    expect(independentAdvocacy('wales', 'nhs')).toContain('llaiswales.org');
  });

  it('NHS Scotland: PASS, with its telephone', () => {
    const text = independentAdvocacy('scotland', 'nhs');
    expect(text).toContain('Patient Advice and Support Service (PASS)');
    expect(text).toContain('0800 917 2127');
  });

  it('UK government: Citizens Advice, and the MP', () => {
    const text = independentAdvocacy('uk-wide', 'uk-government');
    expect(text).toContain('Citizens Advice (www.citizensadvice.org.uk)');
    expect(text).toContain('MP');
    expect(independentAdvocacy('scotland', 'uk-government')).toContain('Citizens Advice Scotland');
  });

  it('has nothing for Northern Ireland, which was not researched, so the letter asks for it', () => {
    expect(independentAdvocacy('northern-ireland', 'nhs')).toBeNull();
    expect(independentAdvocacy('northern-ireland', 'other')).toBeNull();
  });

  it('always says that asking for help does not affect the complaint', () => {
    for (const [nation, sector] of [
      ['england', 'nhs'],
      ['wales', 'nhs'],
      ['scotland', 'nhs'],
      ['england', 'uk-government'],
      ['wales', 'other'],
    ] as const) {
      expect(independentAdvocacy(nation, sector)).toContain(
        'will not affect how we deal with your complaint',
      );
    }
  });

  it('names the organisation’s own advocacy service first, with its website, whatever the nation', () => {
    const own = { name: 'Healthwatch Example Advocacy', url: 'www.healthwatch.example' };
    expect(independentAdvocacy('england', 'nhs', own)).toBe(
      'Healthwatch Example Advocacy can help you make your complaint, and take it to the Ombudsman if you ' +
        'need to. It is free, independent and confidential. Website: www.healthwatch.example. Asking for ' +
        'help will not affect how we deal with your complaint.',
    );
    // Northern Ireland has no researched text, but an organisation's own service fills the gap.
    expect(independentAdvocacy('northern-ireland', 'other', own)).toBe(
      'Healthwatch Example Advocacy can help you make your complaint. It is free, independent and ' +
        'confidential. Website: www.healthwatch.example. Asking for help will not affect how we deal with ' +
        'your complaint.',
    );
  });

  it('falls back to the nation’s text when the name or the website is missing', () => {
    const fallback = independentAdvocacy('wales', 'nhs');
    expect(independentAdvocacy('wales', 'nhs', { name: 'Some service', url: null })).toBe(fallback);
    expect(independentAdvocacy('wales', 'nhs', { name: '  ', url: 'www.example.org' })).toBe(fallback);
  });
});
