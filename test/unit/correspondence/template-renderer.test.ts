import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS } from '../../../src/modules/correspondence/placeholders.ts';
import {
  placeholderErrors,
  renderSubject,
  renderTemplate,
  unfinishedErrors,
} from '../../../src/modules/correspondence/template-renderer.ts';

describe('renderTemplate', () => {
  it('substitutes every known placeholder, with or without spaces inside the brackets', () => {
    const { text, missing } = renderTemplate(
      'Dear {{complainant_name}}, your reference is {{ reference }}.',
      {
        complainant_name: 'Alex Example',
        reference: 'CMP-2026-000001',
      },
    );
    expect(text).toBe('Dear Alex Example, your reference is CMP-2026-000001.');
    expect(missing).toEqual([]);
  });

  it('replaces the same placeholder everywhere it appears', () => {
    const { text } = renderTemplate('{{reference}} / {{reference}}', { reference: 'R-1' });
    expect(text).toBe('R-1 / R-1');
  });

  it('marks a value the case does not have yet clearly, and lists it as missing', () => {
    const { text, missing } = renderTemplate('Found: {{outcome_summary}}. Put right: {{remedies}}', {
      outcome_summary: null,
      remedies: '   ',
    });
    expect(text).toBe(
      'Found: [To complete: what we found]. Put right: [To complete: what we will put right, or that nothing needs putting right]',
    );
    expect(missing).toEqual(['outcome_summary', 'remedies']);
  });

  it('inserts values once and never reads them again, so typed text cannot pull in other values', () => {
    const { text } = renderTemplate('Dear {{complainant_name}}', {
      complainant_name: '{{organisation_name}} {{ 7*7 }}',
      organisation_name: 'Secret Trust',
    });
    expect(text).not.toContain('Secret Trust');
    expect(text).toBe('Dear { {organisation_name} } { { 7*7 } }');
  });

  it('keeps typed text that looks like a placeholder or a part to complete from holding a letter back', () => {
    const values = {
      complainant_name: 'Sam {{reference}} [To complete: x]',
      outcome_summary: 'We wrote {{{ outcome }}} and [to complete: the rest] and [TO COMPLETE:it]',
      reference: 'CMP-2026-000001',
    };
    const { text, missing } = renderTemplate(
      'Dear {{complainant_name}}, reference {{reference}}. {{outcome_summary}}',
      values,
    );
    expect(text).toBe(
      'Dear Sam { {reference} } [ To complete: x], reference CMP-2026-000001. ' +
        'We wrote { { { outcome } } } and [ to complete: the rest] and [ TO COMPLETE:it]',
    );
    expect(missing).toEqual([]);
    expect(unfinishedErrors('body', 'The letter', text)).toEqual([]);
    // Every character typed is still there, in order: only spaces were added.
    expect(text.replace(/ /g, '')).toContain(values.complainant_name.replace(/ /g, ''));
    expect(text.replace(/ /g, '')).toContain(values.outcome_summary.replace(/ /g, ''));
  });

  it('keeps a value from forming markup with the template text around it', () => {
    const values = { complainant_name: '{reference}', outcome_summary: 'complete: later]' };
    const braces = renderTemplate('{{{complainant_name}}}', values);
    expect(braces.text).toBe('{ {reference} }');
    expect(unfinishedErrors('body', 'The letter', braces.text)).toEqual([]);
    const marker = renderTemplate('[To {{outcome_summary}}', values);
    expect(marker.text).toBe('[To  complete: later]');
    expect(unfinishedErrors('body', 'The letter', marker.text)).toEqual([]);
    const subject = renderSubject('Re: {{complainant_name}}', { complainant_name: '{{reference}}' });
    expect(subject.text).toBe('Re: { {reference} }');
    expect(unfinishedErrors('subject', 'Subject', subject.text)).toEqual([]);
  });

  it('still marks a value the case lacks as to complete, next to typed text that only looks like one', () => {
    const { text, missing } = renderTemplate('{{complainant_name}} {{outcome_summary}}', {
      complainant_name: '[To complete: pretend]',
      outcome_summary: null,
    });
    expect(text).toBe('[ To complete: pretend] [To complete: what we found]');
    expect(missing).toEqual(['outcome_summary']);
    expect(unfinishedErrors('body', 'The letter', text)).toHaveLength(1);
  });

  it('runs no code: expressions, tags and object properties are not evaluated', () => {
    const template =
      '{{ constructor }} {{__proto__}} {{ reference.length }} {{ 7*7 }} {% for x in [1,2] %}{{x}}{% endfor %}';
    const { text } = renderTemplate(template, { reference: 'R-1' });
    expect(text).toBe(template);
    expect(text).not.toContain('49');
    expect(text).not.toContain('function');
  });

  it('leaves HTML as plain text: it is neither added nor interpreted', () => {
    const { text } = renderTemplate('<p>Dear {{complainant_name}}</p>', {
      complainant_name: '<script>alert(1)</script>',
    });
    expect(text).toBe('<p>Dear <script>alert(1)</script></p>');
  });
});

describe('renderSubject', () => {
  it('keeps a subject on one line even when a value spans lines', () => {
    const { text } = renderSubject('Put right: {{remedies}}', { remedies: '- An apology\n- A payment' });
    expect(text).toBe('Put right: - An apology - A payment');
  });
});

describe('placeholderErrors', () => {
  it('accepts a template using only known placeholders', () => {
    const all = PLACEHOLDERS.map((p) => `{{${p.name}}}`).join(' ');
    expect(placeholderErrors('body', 'Text', all)).toEqual([]);
  });

  it('names an unknown placeholder', () => {
    const errors = placeholderErrors(
      'body',
      'Text',
      'Dear {{complainant_name}}, your NHS number is {{nhs_number}}',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('body');
    expect(errors[0]?.message).toContain('unknown placeholder {{nhs_number}}');
  });

  it('names every unknown placeholder at once, each once', () => {
    const errors = placeholderErrors('subject', 'Subject', '{{a}} {{b}} {{a}} {{ 7*7 }}');
    expect(errors[0]?.message).toContain('unknown placeholders {{a}}, {{b}}, {{7*7}}');
  });

  it('refuses brackets that are not closed or not opened', () => {
    expect(placeholderErrors('body', 'Text', 'Dear {{complainant_name')[0]?.message).toContain(
      'not opened with {{ or closed with }}',
    );
    expect(placeholderErrors('body', 'Text', 'Dear complainant_name}}')).toHaveLength(1);
  });
});

describe('unfinishedErrors', () => {
  it('refuses a letter with a part still to complete', () => {
    expect(
      unfinishedErrors('body', 'The letter', 'We found [To complete: what we found].')[0]?.message,
    ).toContain('To complete');
  });

  it('refuses a letter with a placeholder left in', () => {
    expect(unfinishedErrors('body', 'The letter', 'Dear {{complainant_name}}')[0]?.message).toContain(
      '{{complainant_name}}',
    );
  });

  it('accepts a finished letter', () => {
    expect(unfinishedErrors('body', 'The letter', 'Dear Alex\n\nThank you.')).toEqual([]);
  });
});
