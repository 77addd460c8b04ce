import type { Db } from '../../db/database.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import {
  type IsoDate,
  type PresetName,
  resolveTimescales,
  type Timescales,
  ukDateOf,
} from '../../domain/calendar/index.ts';
import { NotFoundError } from '../../errors.ts';
import { CorrespondenceRepository, type OrganisationForLetters } from './correspondence-repository.ts';
import {
  defaultLetter,
  isLetterKey,
  LETTER_KINDS,
  type LetterKey,
  type LetterText,
} from './letter-templates.ts';
import { letterValues } from './letter-values.ts';
import type { Placeholder } from './placeholders.ts';
import { type LetterValues, renderSubject, renderTemplate, TO_COMPLETE } from './template-renderer.ts';

export type DeliveryChannel = 'email' | 'letter';

export interface LetterDraft {
  key: LetterKey;
  name: string;
  subject: string;
  body: string;
  channel: DeliveryChannel;
  /** The email address, or the postal address for a letter; null when the case has neither. */
  recipient: string | null;
  /** Placeholders the case has no value for yet (each shows as "[To complete: …]"). */
  missing: Placeholder[];
  toComplete: boolean;
}

/**
 * Email when the complainant gave an address (unless they asked for post and gave a postal address);
 * otherwise a letter, which Candour records and a person prints and posts.
 */
export function deliveryFor(
  c: Pick<ComplaintRow, 'complainant_email' | 'complainant_address' | 'preferred_contact'>,
): { channel: DeliveryChannel; recipient: string | null } {
  const prefersPost = c.preferred_contact === 'post' && Boolean(c.complainant_address);
  if (c.complainant_email && !prefersPost) return { channel: 'email', recipient: c.complainant_email };
  return { channel: 'letter', recipient: c.complainant_address };
}

function draftFrom(
  key: LetterKey,
  text: LetterText,
  values: LetterValues,
  complaint: ComplaintRow,
): LetterDraft {
  const subject = renderSubject(text.subject, values);
  const body = renderTemplate(text.body, values);
  return {
    key,
    name: LETTER_KINDS[key].name,
    subject: subject.text,
    body: body.text,
    ...deliveryFor(complaint),
    missing: [...new Set([...subject.missing, ...body.missing])],
    toComplete: subject.text.includes(TO_COMPLETE) || body.text.includes(TO_COMPLETE),
  };
}

async function templateText(
  repository: CorrespondenceRepository,
  organisationId: string,
  key: LetterKey,
  preset: string,
): Promise<LetterText> {
  return (await repository.template(organisationId, key)) ?? defaultLetter(key, preset);
}

export async function draftLetter(
  repository: CorrespondenceRepository,
  org: OrganisationForLetters,
  timescales: Timescales,
  key: LetterKey,
  complaint: ComplaintRow,
  options: { today: IsoDate; senderName?: string | null },
): Promise<LetterDraft> {
  const [text, facts] = await Promise.all([
    templateText(repository, complaint.organisation_id, key, org.preset),
    repository.caseFacts(complaint),
  ]);
  const values = letterValues({
    complaint,
    organisation: org,
    timescales,
    extension: facts.extension,
    remedies: facts.remedies,
    handlerName: facts.handlerName ?? options.senderName ?? null,
    signatory: facts.signatory,
    today: options.today,
  });
  return draftFrom(key, text, values, complaint);
}

/**
 * A letter for a case from the organisation's template (or the default), ready to check and edit before it
 * is sent. For flows outside this service, such as sending the acknowledgement when a case is acknowledged.
 */
export async function renderLetter(
  db: Db,
  organisationId: string,
  key: string,
  complaint: ComplaintRow,
  options: { today?: IsoDate; senderName?: string | null } = {},
): Promise<LetterDraft> {
  if (!isLetterKey(key)) throw new NotFoundError('Letter template');
  if (complaint.organisation_id !== organisationId) throw new NotFoundError('Complaint');
  const repository = new CorrespondenceRepository(db);
  const org = await repository.organisation(organisationId);
  const timescales = resolveTimescales(org.preset as PresetName, org.timescaleOverrides);
  return draftLetter(repository, org, timescales, key, complaint, {
    today: options.today ?? ukDateOf(new Date()),
    senderName: options.senderName ?? null,
  });
}
