import type { ExpressionBuilder } from 'kysely';
import { type Actor, can, canAny, type Role } from '../../auth/roles.ts';
import type { DB } from '../../db/schema.ts';
import { READ_COMPLAINTS } from './permissions.ts';

/** Complaint references look like CMP-2026-000123 (an organisation may choose its own prefix). */
export const REFERENCE_PATTERN = /^[A-Z]{2,10}-\d{4}-\d{6,}$/;

export function canReadComplaints(role: Role): boolean {
  return canAny(role, READ_COMPLAINTS);
}

/**
 * Limits a complaints query to the actor's organisation and to the cases their role may see: all of them,
 * or (investigators, and personal tokens of investigators) only those they handle or investigate.
 */
export function visibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'complaints'>) => {
    const inOrg = eb('complaints.organisation_id', '=', actor.organisationId);
    if (can(actor.role, 'complaint:read-all')) return inOrg;
    if (can(actor.role, 'complaint:read-assigned') && actor.userId) {
      return eb.and([
        inOrg,
        eb.or([
          eb('complaints.investigator_id', '=', actor.userId),
          eb('complaints.handler_id', '=', actor.userId),
        ]),
      ]);
    }
    return eb.and([inOrg, eb.val(false)]);
  };
}
