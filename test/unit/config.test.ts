import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const env = (extra: Record<string, string> = {}) => ({ NODE_ENV: 'test', DATA_DIR: 'memory://', ...extra });

describe('the first organisation’s nation and sector', () => {
  it('default to England and the NHS, like the rest of the first organisation', () => {
    expect(loadConfig(env()).firstOrganisation).toMatchObject({
      division: 'england-and-wales',
      preset: 'nhs-england',
      nation: 'england',
      sector: 'nhs',
    });
  });

  it('follow the division and preset when left out', () => {
    expect(
      loadConfig(env({ FIRST_ORG_DIVISION: 'scotland', FIRST_ORG_PRESET: 'spso' })).firstOrganisation,
    ).toMatchObject({ nation: 'scotland', sector: 'other' });
    expect(loadConfig(env({ FIRST_ORG_PRESET: 'uk-central-government' })).firstOrganisation).toMatchObject({
      nation: 'uk-wide',
      sector: 'uk-government',
    });
  });

  it('can be given, apart from the division (a Welsh health board keeps England and Wales’s holidays)', () => {
    expect(loadConfig(env({ FIRST_ORG_NATION: 'wales' })).firstOrganisation).toMatchObject({
      nation: 'wales',
      sector: 'nhs',
      division: 'england-and-wales',
    });
  });

  it('refuse an unknown nation, and devolved government in England', () => {
    expect(() => loadConfig(env({ FIRST_ORG_NATION: 'cymru' }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ FIRST_ORG_SECTOR: 'devolved-government' }))).toThrow(
      /FIRST_ORG_SECTOR: Devolved government is in Wales, Scotland or Northern Ireland/,
    );
  });
});
