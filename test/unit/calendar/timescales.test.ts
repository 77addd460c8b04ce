import { describe, expect, it } from 'vitest';
import {
  PRESETS,
  type PresetName,
  resolveTimescales,
  type Timescales,
  timescalesSchema,
} from '../../../src/domain/calendar/timescales.ts';

const presetNames = Object.keys(PRESETS) as PresetName[];

describe('PRESETS', () => {
  it('ships exactly the three named presets', () => {
    expect(presetNames.sort()).toEqual(['nhs-england', 'spso', 'uk-central-government']);
  });

  it('spso: no stage 1 acknowledgement, stage 1 5 (up to 10 extended), stage 2 acknowledged in 3 and answered in 20, day of receipt is day 1', () => {
    expect(PRESETS.spso.timescales).toEqual({
      acknowledgeDays: null,
      stage1Days: 5,
      stage1MaxExtendedDays: 10,
      stage2Days: 20,
      stage2MaxExtendedDays: null,
      stage2AcknowledgeDays: 3,
      outerLimitMonths: null,
      timeLimitMonths: 6,
      countingConvention: 'receipt-day-if-working',
      dueSoonDays: 3,
    });
    expect(PRESETS.spso.notes.acknowledgeDays).toMatch(/no acknowledgement/);
  });

  it('nhs-england: statutory 3-day acknowledgement and 6-month outer limit', () => {
    expect(PRESETS['nhs-england'].timescales).toEqual({
      acknowledgeDays: 3,
      stage1Days: 10,
      stage1MaxExtendedDays: 20,
      stage2Days: 25,
      stage2MaxExtendedDays: null,
      stage2AcknowledgeDays: 3,
      outerLimitMonths: 6,
      timeLimitMonths: 12,
      countingConvention: 'day-after-receipt',
      dueSoonDays: 3,
    });
  });

  it('uk-central-government: organisation targets, no outer limit', () => {
    expect(PRESETS['uk-central-government'].timescales).toMatchObject({
      acknowledgeDays: 5,
      stage1Days: 10,
      stage2Days: 20,
      outerLimitMonths: null,
      countingConvention: 'day-after-receipt',
      dueSoonDays: 3,
    });
  });

  it.each(presetNames)('%s passes its own schema', (name) => {
    expect(timescalesSchema.parse(PRESETS[name].timescales)).toEqual(PRESETS[name].timescales);
  });

  it.each(presetNames)('%s has a label, a description and a source note for every value', (name) => {
    const preset = PRESETS[name];
    expect(preset.label.length).toBeGreaterThan(0);
    expect(preset.description.length).toBeGreaterThan(0);
    expect(Object.keys(preset.notes).sort()).toEqual(Object.keys(preset.timescales).sort());
    for (const note of Object.values(preset.notes)) expect(note?.length ?? 0).toBeGreaterThan(0);
  });

  it('says in plain English that the SPSO extension limit is not confirmed, and names the NHS statutory source', () => {
    expect(PRESETS.spso.notes.stage1MaxExtendedDays).toContain(
      'Not confirmed: taken from a summary of the procedure, not the procedure itself',
    );
    for (const preset of Object.values(PRESETS))
      for (const note of Object.values(preset.notes)) expect(note ?? '').not.toContain('(check');
    expect(PRESETS['nhs-england'].notes.acknowledgeDays).toMatch(/2009 Regulations/);
    expect(PRESETS['nhs-england'].notes.stage2Days).toMatch(/agreed with the complainant/);
    expect(PRESETS['nhs-england'].notes.stage1Days).toMatch(/Organisation target/);
    expect(PRESETS['uk-central-government'].notes.stage2Days).toMatch(/Organisation target/);
  });
});

describe('resolveTimescales', () => {
  it('returns the preset unchanged with no overrides', () => {
    expect(resolveTimescales('spso', {})).toEqual(PRESETS.spso.timescales);
  });

  it('applies overrides and leaves the preset itself untouched', () => {
    const resolved = resolveTimescales('nhs-england', {
      stage2Days: 40,
      countingConvention: 'receipt-day-if-working',
      outerLimitMonths: null,
    });
    expect(resolved).toMatchObject({
      acknowledgeDays: 3,
      stage2Days: 40,
      countingConvention: 'receipt-day-if-working',
      outerLimitMonths: null,
    });
    expect(PRESETS['nhs-england'].timescales.stage2Days).toBe(25);
    expect(PRESETS['nhs-england'].timescales.outerLimitMonths).toBe(6);
  });

  it('treats an override left undefined as not given', () => {
    expect(resolveTimescales('spso', { stage1Days: undefined }).stage1Days).toBe(5);
  });

  it('rejects negative, fractional and oversized day counts with a message naming the field', () => {
    expect(() => resolveTimescales('spso', { stage1Days: -1 })).toThrow(
      'stage1Days: Stage 1 days cannot be negative',
    );
    expect(() => resolveTimescales('spso', { stage2Days: 2.5 })).toThrow(
      'stage2Days: Stage 2 days must be a whole number of working days',
    );
    expect(() => resolveTimescales('spso', { acknowledgeDays: 401 })).toThrow(
      'acknowledgeDays: Days to acknowledge must be 400 working days or fewer',
    );
  });

  it('accepts the bounds 0 and 400', () => {
    expect(resolveTimescales('spso', { acknowledgeDays: 0, stage2Days: 400 })).toMatchObject({
      acknowledgeDays: 0,
      stage2Days: 400,
    });
  });

  it('rejects a non-number', () => {
    const bad = { dueSoonDays: '3' } as unknown as Partial<Timescales>;
    expect(() => resolveTimescales('spso', bad)).toThrow(
      'dueSoonDays: Due soon warning days must be a number',
    );
  });

  it('rejects an outer limit of 0 months or a fraction of a month', () => {
    expect(() => resolveTimescales('nhs-england', { outerLimitMonths: 0 })).toThrow(/outerLimitMonths/);
    expect(() => resolveTimescales('nhs-england', { outerLimitMonths: 1.5 })).toThrow(
      /whole number of months/,
    );
  });

  it('rejects an unknown counting convention', () => {
    const bad = { countingConvention: 'calendar-days' } as unknown as Partial<Timescales>;
    expect(() => resolveTimescales('spso', bad)).toThrow(/countingConvention: Counting convention must be/);
  });

  it('rejects an extension cap shorter than stage 1 itself', () => {
    expect(() => resolveTimescales('spso', { stage1Days: 15 })).toThrow(
      'stage1MaxExtendedDays: Stage 1 maximum days with an extension cannot be fewer than stage 1 days',
    );
    expect(resolveTimescales('spso', { stage1Days: 15, stage1MaxExtendedDays: null }).stage1Days).toBe(15);
  });

  it('rejects unknown settings rather than silently ignoring a typo', () => {
    const bad = { stage3Days: 10 } as unknown as Partial<Timescales>;
    expect(() => resolveTimescales('spso', bad)).toThrow(/stage3Days/);
  });

  it('lists every problem at once', () => {
    try {
      resolveTimescales('spso', { acknowledgeDays: -1, stage2Days: 1000 });
      expect.fail('should have thrown');
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      expect(lines[0]).toBe('Invalid timescales:');
      expect(lines.some((l) => l.startsWith('acknowledgeDays:'))).toBe(true);
      expect(lines.some((l) => l.startsWith('stage2Days:'))).toBe(true);
    }
  });

  it('rejects an unknown preset', () => {
    expect(() => resolveTimescales('phso' as PresetName, {})).toThrow(/Unknown timescales preset/);
  });
});
