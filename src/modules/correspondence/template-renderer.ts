import type { FieldError } from '../../errors.ts';
import { PLACEHOLDERS, type Placeholder } from './placeholders.ts';

/**
 * Organisation staff edit letter templates, so they are rendered by plain substitution of `{{name}}` from a
 * fixed list of names: no expressions, no loops, no filters, no HTML. A value is inserted once and never read
 * again, and is kept from forming our own markup (see `inertValue`), so text a complainant typed (their name,
 * say) can neither pull in another value nor hold the letter back as unfinished.
 */
const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Marks a part of a letter someone must write before it is sent; the send refuses a letter that has one. */
export const TO_COMPLETE = '[To complete:';
const TO_COMPLETE_PATTERN = /\[To complete:[^\]]*\]/;

export type LetterValues = Partial<Record<Placeholder, string | null>>;

const KNOWN = new Set<string>(PLACEHOLDERS.map((p) => p.name));

export function isPlaceholder(name: string): name is Placeholder {
  return KNOWN.has(name);
}

export function missingMarker(name: Placeholder): string {
  const placeholder = PLACEHOLDERS.find((p) => p.name === name);
  return `${TO_COMPLETE} ${placeholder?.missing ?? name.replace(/_/g, ' ')}]`;
}

export interface RenderResult {
  text: string;
  /** Placeholders the case has no value for yet; each was replaced by a "[To complete: …]" marker. */
  missing: Placeholder[];
}

export function renderTemplate(template: string, values: LetterValues): RenderResult {
  const missing = new Set<Placeholder>();
  let text = '';
  let afterValue = false;
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    const [token, rawName = ''] = match;
    const before = template.slice(last, match.index);
    text = afterValue ? joinApart(text, before) : text + before;
    last = match.index + token.length;
    const name = rawName.trim();
    // Validated templates hold no unknown names; an old one that does keeps the token so it is seen, not lost.
    if (!isPlaceholder(name)) {
      text += token;
      afterValue = false;
      continue;
    }
    const value = Object.hasOwn(values, name) ? values[name] : null;
    if (value === null || value === undefined || value.trim() === '') {
      missing.add(name);
      text += missingMarker(name);
      afterValue = false;
      continue;
    }
    text = joinApart(text, inertValue(value));
    afterValue = true;
  }
  const rest = template.slice(last);
  text = afterValue ? joinApart(text, rest) : text + rest;
  return { text, missing: [...missing] };
}

/**
 * Text put into a letter, kept from reading as the letter's own markup. The finished letter is checked for
 * placeholders left in (`{{…}}`) and parts still to write (`[To complete: …]`) before it is sent, so a value
 * holding either would hold the letter back, or be taken for a placeholder. A space between the brackets
 * (`{ {reference} }`, `[ To complete: …]`) keeps every character the person typed, in order and visible.
 */
export function inertValue(value: string): string {
  return value
    .replace(/\{(?=\{)/g, '{ ')
    .replace(/\}(?=\})/g, '} ')
    .replace(/\[(?=to complete:)/gi, '[ ');
}

const MARKER = TO_COMPLETE.toLowerCase();

/** Joins text where one side was inserted, with a space when the two would otherwise form markup across the seam. */
function joinApart(left: string, right: string): string {
  if (left === '' || right === '') return left + right;
  const braces =
    (left.endsWith('{') && right.startsWith('{')) || (left.endsWith('}') && right.startsWith('}'));
  const tail = left.slice(-MARKER.length).toLowerCase();
  const seam = tail + right.slice(0, MARKER.length).toLowerCase();
  let at = seam.indexOf(MARKER);
  while (at !== -1 && at + MARKER.length <= tail.length) at = seam.indexOf(MARKER, at + 1);
  const marker = at !== -1 && at < tail.length;
  return braces || marker ? `${left} ${right}` : left + right;
}

/** A subject is one line: values that span lines (remedies, say) are folded onto it. */
export function renderSubject(template: string, values: LetterValues): RenderResult {
  const result = renderTemplate(template, values);
  return { ...result, text: result.text.replace(/\s+/g, ' ').trim() };
}

/** Every problem with a template's placeholders, named, so whoever edits it can fix them all at once. */
export function placeholderErrors(field: string, label: string, template: string): FieldError[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(TOKEN)) {
    const name = (match[1] ?? '').trim();
    if (!isPlaceholder(name) && !unknown.includes(name)) unknown.push(name);
  }
  const messages: string[] = [];
  if (unknown.length === 1) {
    messages.push(`${label} uses an unknown placeholder {{${unknown[0]}}}`);
  } else if (unknown.length > 1) {
    messages.push(`${label} uses unknown placeholders ${unknown.map((n) => `{{${n}}}`).join(', ')}`);
  }
  const rest = template.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    messages.push(`${label} has a placeholder that is not opened with {{ or closed with }}`);
  }
  if (messages.length === 0) return [];
  return [{ field, message: `${messages.join('. ')}. Use only the placeholders listed on this page.` }];
}

/** What stops a finished letter being sent: a placeholder left in, or a part still marked to complete. */
export function unfinishedErrors(field: string, label: string, text: string): FieldError[] {
  if (TO_COMPLETE_PATTERN.test(text)) {
    return [{ field, message: `${label} has parts marked “[To complete: …]”: write them or remove them` }];
  }
  const token = /\{\{[^{}]*\}\}/.exec(text);
  if (token)
    return [{ field, message: `${label} still has the placeholder ${token[0]}: replace it with text` }];
  return [];
}
