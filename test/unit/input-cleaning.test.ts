import { describe, expect, it } from 'vitest';
import {
  oneValuePerField,
  removeControlCharacters,
  withoutControlCharacters,
} from '../../src/web/input-cleaning.ts';

describe('removeControlCharacters', () => {
  it('takes out NUL and the other C0 controls but keeps tab, line feed and carriage return', () => {
    const all = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    expect(withoutControlCharacters(`a${all}b`)).toBe('a\t\n\rb');
    expect(withoutControlCharacters('Zoë – “quoted” 👍\u007f')).toBe('Zoë – “quoted” 👍\u007f');
  });

  it('cleans every string of a nested body in place, keeping its shape and prototype', () => {
    const form = Object.assign(Object.create(null), { name: 'a\u0000b', tags: ['x\u0001', 'y'] });
    const json = { complainant: { name: 'c\u0000d' }, count: 3, flag: true, none: null };
    expect(removeControlCharacters(form)).toBe(form);
    expect(Object.getPrototypeOf(form)).toBeNull();
    expect({ ...form }).toEqual({ name: 'ab', tags: ['x', 'y'] });
    expect(removeControlCharacters(json)).toEqual({
      complainant: { name: 'cd' },
      count: 3,
      flag: true,
      none: null,
    });
    expect(removeControlCharacters('e\u0000f')).toBe('ef');
    expect(removeControlCharacters(undefined)).toBeUndefined();
  });

  it('refuses a field name with a control character and a body nested beyond any of ours', () => {
    expect(() => removeControlCharacters({ 'na\u0000me': 'x' })).toThrow(/field name/);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => removeControlCharacters(deep)).toThrow(/nested too deeply/);
  });
});

describe('oneValuePerField', () => {
  it('keeps the last value of a repeated field, except fields named as repeated', () => {
    const form: Record<string, unknown> = {
      email: ['a@example.com', 'b@example.com'],
      flags: ['overdue', 'soon'],
    };
    oneValuePerField(form, ['flags']);
    expect(form).toEqual({ email: 'b@example.com', flags: ['overdue', 'soon'] });
    const empty: Record<string, unknown> = { email: [] };
    oneValuePerField(empty);
    expect(empty).toEqual({ email: '' });
  });
});
