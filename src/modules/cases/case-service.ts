import type { AuditService } from '../../audit/audit-service.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Db } from '../../db/database.ts';
import type { ComplaintRow } from '../../db/schema.ts';
import { type IsoDate, ukDateOf } from '../../domain/calendar/index.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { inScope, scopeOf } from '../../tenancy/scope.ts';
import { canReadComplaints, REFERENCE_PATTERN, visibleTo } from './access.ts';

/** A case as every page and API reply about it starts: the row, and the names of what it refers to. */
export interface CaseView {
  complaint: ComplaintRow;
  serviceName: string | null;
  handlerName: string | null;
  investigatorName: string | null;
  /** The responsible person who signed off the final response, once one has. */
  signatoryName: string | null;
}

/** Finding a case the actor may see, and recording that they looked at it. */
export class CaseService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  today(): IsoDate {
    return ukDateOf(this.now());
  }

  /** The case if the actor may see it; otherwise not found, so nothing is revealed about other cases. */
  async find(actor: Actor, reference: string): Promise<ComplaintRow> {
    if (!canReadComplaints(actor.role)) throw new ForbiddenError();
    if (!REFERENCE_PATTERN.test(reference)) throw new NotFoundError('Complaint');
    const complaint = await this.db
      .selectFrom('complaints')
      .selectAll()
      .where(visibleTo(actor))
      .where('reference', '=', reference)
      .executeTakeFirst();
    if (!complaint) throw new NotFoundError('Complaint');
    return complaint;
  }

  /** Reads one case for the actor, recording the view in the audit trail unless told it is not a new look. */
  async view(actor: Actor, reference: string, options: { audit?: boolean } = {}): Promise<CaseView> {
    const complaint = await this.find(actor, reference);
    const [names] = await Promise.all([
      this.names(actor, complaint),
      options.audit === false
        ? Promise.resolve()
        : this.audit.record(actor, {
            action: 'complaint.view',
            entityType: 'complaint',
            entityId: reference,
            complaintId: complaint.id,
          }),
    ]);
    return { complaint, ...names };
  }

  async names(actor: Actor, c: ComplaintRow): Promise<Omit<CaseView, 'complaint'>> {
    const scope = scopeOf(actor);
    const ids = [c.handler_id, c.investigator_id, c.signed_off_by].filter((x): x is string => !!x);
    const [service, users] = await Promise.all([
      c.service_id
        ? this.db
            .selectFrom('services')
            .select('name')
            .where(inScope(scope, 'services'))
            .where('id', '=', c.service_id)
            .executeTakeFirst()
        : Promise.resolve(undefined),
      ids.length
        ? this.db
            .selectFrom('users')
            .select(['id', 'name'])
            .where(inScope(scope, 'users'))
            .where('id', 'in', ids)
            .execute()
        : Promise.resolve([]),
    ]);
    const nameOf = (id: string | null) => users.find((u) => u.id === id)?.name ?? null;
    return {
      serviceName: service?.name ?? null,
      handlerName: nameOf(c.handler_id),
      investigatorName: nameOf(c.investigator_id),
      signatoryName: nameOf(c.signed_off_by),
    };
  }
}
