import { ROLE_LABELS, type Role } from '../../auth/roles.ts';
import type { Db } from '../../db/database.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import { type IsoDate, type PresetName, resolveTimescales } from '../../domain/calendar/index.ts';
import { OUTCOME_LABELS, type Outcome } from '../../domain/lifecycle/index.ts';
import { CorrespondenceRepository } from './correspondence-repository.ts';
import { defaultLetter } from './letter-templates.ts';
import { letterValues } from './letter-values.ts';
import { renderTemplate } from './template-renderer.ts';

/** An issue of the complaint as the draft final response reads it. */
export interface IssueForResponse {
  summary: string;
  outcome: string | null;
  findings: string | null;
}

/** The issues of a complaint in the order they were recorded, numbered from 1 as the case page shows them. */
export async function issuesOf(db: Db, complaint: ComplaintRow): Promise<IssueForResponse[]> {
  return db
    .selectFrom('complaint_issues')
    .select(['summary', 'outcome', 'findings'])
    .where('organisation_id', '=', complaint.organisation_id)
    .where('complaint_id', '=', complaint.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** "Issue 2 (Parking)" for each issue without an outcome, for the message that refuses a submission. */
export function issuesWithoutOutcome(issues: readonly IssueForResponse[]): string[] {
  return issues.flatMap((issue, i) => (issue.outcome ? [] : [`issue ${i + 1} (${shorten(issue.summary)})`]));
}

/** The complaint's outcome from its issues' (withdrawn and not pursued ones aside), or null when none decided. */
export function outcomeFromIssues(issues: readonly IssueForResponse[]): Outcome | null {
  const decided = issues
    .map((i) => i.outcome)
    .filter((o) => o === 'upheld' || o === 'partly-upheld' || o === 'not-upheld');
  if (decided.length === 0) return null;
  if (decided.every((o) => o === 'upheld')) return 'upheld';
  if (decided.every((o) => o === 'not-upheld')) return 'not-upheld';
  return 'partly-upheld';
}

/** What was found, issue by issue: its summary, its outcome and the findings recorded for it. */
export function findingsText(issues: readonly IssueForResponse[]): string | null {
  if (issues.length === 0) return null;
  return issues
    .map((issue) => {
      const outcome = issue.outcome
        ? OUTCOME_LABELS[issue.outcome as Outcome].toLowerCase()
        : 'no outcome yet';
      const findings = issue.findings?.trim();
      return `${issue.summary.trim()}: ${outcome}.${findings ? `\n${findings}` : ''}`;
    })
    .join('\n\n');
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

// Stands in for the signatory while drafting, so the signature block can be found and left for the approver.
const SIGNATORY = 'SIGNATORY-7f3a';

interface Signatory {
  name: string;
  role: string;
}

async function renderFinalResponse(
  db: Db,
  complaint: ComplaintRow,
  signatory: Signatory,
  today: IsoDate,
): Promise<string> {
  const repository = new CorrespondenceRepository(db);
  const [org, facts] = await Promise.all([
    repository.organisation(complaint.organisation_id),
    repository.caseFacts(complaint),
  ]);
  const text =
    (await repository.template(complaint.organisation_id, 'final-response')) ??
    defaultLetter('final-response', org.preset);
  const values = letterValues({
    complaint,
    organisation: org,
    timescales: resolveTimescales(org.preset as PresetName, org.timescaleOverrides),
    extension: facts.extension,
    remedies: facts.remedies,
    handlerName: facts.handlerName,
    signatory,
    today,
  });
  return renderTemplate(text.body, values).text;
}

/** The letter split where its signature starts: the closing ("Yours sincerely") and the signatory's lines. */
function splitSignature(body: string, marker: string): { content: string; signature: string | null } {
  const paragraphs = body.split(/\n\s*\n/);
  const at = paragraphs.findIndex((p) => p.includes(marker));
  if (at === -1) return { content: body.trim(), signature: null };
  const closing = at > 0 && /^[^\n]{1,40}$/.test(paragraphs[at - 1]?.trim() ?? '') ? at - 1 : at;
  return {
    content: paragraphs.slice(0, closing).join('\n\n').trim(),
    signature: paragraphs.slice(closing).join('\n\n').trim(),
  };
}

/**
 * The draft final response, from the organisation's final response template with the complaint's outcome,
 * the findings of each issue and the remedies, up to (not including) the signature: the response is signed by
 * the responsible person who approves it, who is not known yet.
 */
export async function draftFinalResponse(
  db: Db,
  complaint: ComplaintRow,
  issues: readonly IssueForResponse[],
  today: IsoDate,
): Promise<string> {
  const drafted = {
    ...complaint,
    outcome: complaint.outcome ?? outcomeFromIssues(issues),
    outcome_summary: findingsText(issues) ?? complaint.outcome_summary,
  };
  const body = await renderFinalResponse(db, drafted, { name: SIGNATORY, role: SIGNATORY }, today);
  return splitSignature(body, SIGNATORY).content;
}

/** The approved text: the draft exactly as submitted, then the template's signature for the approver. */
export async function signedResponse(
  db: Db,
  complaint: ComplaintRow,
  draft: string,
  approver: { name: string; role: string },
  today: IsoDate,
): Promise<string> {
  const signatory = { name: approver.name, role: ROLE_LABELS[approver.role as Role] ?? approver.role };
  const body = await renderFinalResponse(db, complaint, signatory, today);
  const org = await new CorrespondenceRepository(db).organisation(complaint.organisation_id);
  const signature =
    splitSignature(body, signatory.name).signature ??
    `Yours sincerely\n\n${signatory.name}\n${signatory.role}\n${org.name}`;
  return `${draft.trim()}\n\n${signature}`;
}
