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
});
