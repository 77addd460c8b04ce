import { hashSecret, newSecret } from '../../auth/tokens.ts';
import type { Db } from '../../db/database.ts';
import { unscoped } from '../../tenancy/scope.ts';

/** How long a half-finished public complaint is kept: long enough to come back to it later the same day. */
export const DRAFT_LIFETIME_MS = 24 * 3600_000;
/** How long the confirmation of a sent complaint can be shown again after the answers are wiped. */
export const SENT_LIFETIME_MS = 3600_000;
/** A claim older than this belongs to a request that died; the draft may be sent again. */
export const CLAIM_TIMEOUT_MS = 60_000;

export interface SentComplaint {
  reference: string;
  acknowledgeBy: string | null;
  stageDueBy: string | null;
}

export interface PublicDraft {
  id: string;
  organisationId: string;
  answers: Record<string, unknown>;
  /** Set while a request is turning the draft into a complaint. */
  claimedAt: Date | null;
  /** Set once the complaint exists; the answers are then empty. */
  sent: SentComplaint | null;
}

/**
 * Answers to the public complaint form, kept on the server between pages. The person holds only a random token
 * in a cookie; the table holds its hash, so a copy of the table cannot be used to read or change a draft.
 */
export class PublicDraftStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts an empty draft and clears out expired ones, so abandoned answers are not kept beyond a day. */
  async start(organisationId: string): Promise<{ token: string; draft: PublicDraft }> {
    await this.deleteExpired();
    const token = newSecret();
    const id = hashSecret(token);
    await this.db
      .insertInto('public_drafts')
      .values({
        id,
        organisation_id: organisationId,
        answers: '{}',
        expires_at: new Date(this.now().getTime() + DRAFT_LIFETIME_MS),
      })
      .execute();
    return { token, draft: { id, organisationId, answers: {}, claimedAt: null, sent: null } };
  }

  async find(token: string): Promise<PublicDraft | undefined> {
    // Found by the hash of the secret in the person's cookie, before anyone knows which organisation it is for.
    const row = await unscoped(this.db)
      .selectFrom('public_drafts')
      .select([
        'id',
        'organisation_id',
        'answers',
        'claimed_at',
        'reference',
        'acknowledge_by',
        'stage_due_by',
      ])
      .where('id', '=', hashSecret(token))
      .where('expires_at', '>', this.now())
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      organisationId: row.organisation_id,
      answers: row.answers ?? {},
      claimedAt: row.claimed_at,
      sent: row.reference
        ? { reference: row.reference, acknowledgeBy: row.acknowledge_by, stageDueBy: row.stage_due_by }
        : null,
    };
  }

  async saveAnswers(draft: PublicDraft, answers: Record<string, unknown>): Promise<void> {
    await this.db
      .updateTable('public_drafts')
      .set({ answers: JSON.stringify(answers) })
      .where('id', '=', draft.id)
      .where('organisation_id', '=', draft.organisationId)
      .where('reference', 'is', null)
      .execute();
  }

  /**
   * Takes the draft for sending. Only one request can hold the claim, so a double click or a resent form
   * cannot make two complaints; returns the answers to send, or null when another request has the draft.
   */
  async claim(draft: PublicDraft): Promise<Record<string, unknown> | null> {
    const now = this.now();
    const row = await this.db
      .updateTable('public_drafts')
      .set({ claimed_at: now })
      .where('id', '=', draft.id)
      .where('organisation_id', '=', draft.organisationId)
      .where('reference', 'is', null)
      .where('expires_at', '>', now)
      .where((eb) =>
        eb.or([
          eb('claimed_at', 'is', null),
          eb('claimed_at', '<', new Date(now.getTime() - CLAIM_TIMEOUT_MS)),
        ]),
      )
      .returning('answers')
      .executeTakeFirst();
    return row ? (row.answers ?? {}) : null;
  }

  /** Gives the draft back after a failed send, so the person can correct it and try again. */
  async release(draft: PublicDraft): Promise<void> {
    await this.db
      .updateTable('public_drafts')
      .set({ claimed_at: null })
      .where('id', '=', draft.id)
      .where('organisation_id', '=', draft.organisationId)
      .where('reference', 'is', null)
      .execute();
  }

  /** Once sent, the answers are wiped (they live in the complaint) and the confirmation stays this long. */
  sentExpiry(): Date {
    return new Date(this.now().getTime() + SENT_LIFETIME_MS);
  }

  /** Housekeeping across every organisation: nothing is kept beyond its expiry. */
  async deleteExpired(): Promise<number> {
    const result = await unscoped(this.db)
      .deleteFrom('public_drafts')
      .where('expires_at', '<=', this.now())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
