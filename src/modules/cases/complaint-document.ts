import { z } from 'zod';
import type { Actor } from '../../auth/roles.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import { OUTCOMES, SATISFACTION } from '../../domain/lifecycle/index.ts';
import type { Services } from '../../services.ts';
import { isoDate, nullableDate, stageSchema, statusSchema, timestamp } from '../api/schemas.ts';
import { CHANNELS, CONSENT_VALUES, CONTACT_PREFERENCES } from '../intake/intake-schema.ts';
import type { CaseSection } from '../module.ts';
import type { ModuleRegistry } from '../registry.ts';
import { loadSections, sectionsFor } from './case-page.ts';
import type { CaseView } from './case-service.ts';

// A complaint as the JSON API shows it: the case's own fields here, and each module's part from its case
// section's `json` (deadlines, issues, events, the events allowed next…).

const complainantSchema = z.strictObject({
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  preferredContact: z.enum(CONTACT_PREFERENCES).nullable(),
});

const onBehalfOfSchema = z
  .strictObject({
    name: z.string().describe('The person the complaint is about'),
    relationship: z.string().describe('The complainant’s relationship to them'),
    consent: z.enum(CONSENT_VALUES).describe('Whether they agreed to the complaint being made for them'),
  })
  .nullable()
  .describe('Set when someone complains for another person');

export const complaintCoreShape = {
  reference: z.string().describe('The complaint’s reference, like CMP-2026-000123'),
  status: statusSchema,
  stage: stageSchema,
  channel: z.enum(CHANNELS),
  receivedAt: timestamp('When the complaint was received'),
  receivedOn: isoDate('The UK date of receipt, from which deadlines count'),
  complainant: complainantSchema,
  onBehalfOf: onBehalfOfSchema,
  description: z.string(),
  whenHappened: z.string().nullable(),
  service: z.string().nullable().describe('The name of the service, team or site complained about'),
  outcomeSought: z.string().nullable(),
  adjustments: z.string().nullable().describe('Reasonable adjustments the complainant asked for'),
  handler: z.string().nullable().describe('The name of the complaints handler'),
  investigator: z.string().nullable().describe('The name of the investigator'),
  stage2StartedOn: nullableDate('When stage 2 began'),
  resolvedOn: nullableDate('When it was resolved at stage 1'),
  closedOn: nullableDate('When it was closed or withdrawn'),
  outcome: z.enum(OUTCOMES).nullable(),
  outcomeSummary: z.string().nullable(),
  satisfied: z.enum(SATISFACTION).nullable().describe('Whether the complainant was satisfied at stage 1'),
  updatedAt: timestamp('When the case last changed'),
};

/** Every section that adds to the document, whoever is asking (for the OpenAPI description). */
function jsonSections(modules: ModuleRegistry): CaseSection[] {
  return modules.modules.flatMap((m) => m.caseSections ?? []).filter((s) => s.json);
}

/** The Complaint document's schema: the case's fields and every module's. */
export function complaintDocumentSchema(modules: ModuleRegistry) {
  const shape: Record<string, z.ZodType> = { ...complaintCoreShape };
  for (const section of jsonSections(modules)) Object.assign(shape, section.json?.shape);
  return z.strictObject(shape);
}

function parseJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function core(view: CaseView): Record<string, unknown> {
  const c = view.complaint;
  const onBehalfOf = parseJson<{ name: string; relationship: string; consent: string }>(c.on_behalf_of);
  return {
    reference: c.reference,
    status: c.status,
    stage: c.stage === 2 ? 2 : 1,
    channel: c.channel,
    receivedAt: new Date(c.received_at).toISOString(),
    receivedOn: c.received_on,
    complainant: {
      name: c.complainant_name,
      email: c.complainant_email,
      phone: c.complainant_phone,
      address: c.complainant_address,
      preferredContact: c.preferred_contact,
    },
    onBehalfOf: onBehalfOf
      ? { name: onBehalfOf.name, relationship: onBehalfOf.relationship, consent: onBehalfOf.consent }
      : null,
    description: c.description,
    whenHappened: c.when_happened,
    service: view.serviceName,
    outcomeSought: c.outcome_sought,
    adjustments: c.adjustments,
    handler: view.handlerName,
    investigator: view.investigatorName,
    stage2StartedOn: c.stage2_started_on,
    resolvedOn: c.resolved_on,
    closedOn: c.closed_on,
    outcome: c.outcome,
    outcomeSummary: c.outcome_summary,
    satisfied: c.satisfied,
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}

/** The document for a case the actor may see, with the parts of it their role may see. */
export async function complaintDocument(
  services: Services,
  actor: Actor,
  view: CaseView,
): Promise<Record<string, unknown>> {
  const sections = sectionsFor(services, actor).filter((s) => s.json);
  const data = await loadSections(services, actor, view, sections);
  return assemble(view, sections, (s) => data[s.id]);
}

/** The document of a case just recorded, from what was written: no read-back. */
export async function newComplaintDocument(
  services: Services,
  actor: Actor,
  view: CaseView,
  received: { events: readonly unknown[] },
): Promise<Record<string, unknown>> {
  const sections = sectionsFor(services, actor).filter((s) => s.json);
  const context = { actor, complaint: view.complaint, services, today: services.today() };
  const data = await Promise.all(
    sections.map((s) => (s.json?.whenNew ? s.json.whenNew(context, received) : s.load(context))),
  );
  return assemble(view, sections, (s) => data[sections.indexOf(s)]);
}

function assemble(view: CaseView, sections: CaseSection[], dataOf: (s: CaseSection) => unknown) {
  const document = core(view);
  for (const s of sections)
    Object.assign(document, s.json?.toJson(dataOf(s), view.complaint as ComplaintRow));
  return document;
}
