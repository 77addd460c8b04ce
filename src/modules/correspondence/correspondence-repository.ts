import { ROLE_LABELS, type Role } from '../../auth/roles.ts';
import type { Db } from '../../db/database.ts';
import type { AdjustmentRecord, ComplaintRow, CorrespondenceTable } from '../../db/schema.ts';
import { JURISDICTION_COLUMNS, jurisdictionOf } from '../organisations/jurisdiction.ts';
import type { LetterFacts } from './letter-values.ts';

export interface StoredTemplate {
  key: string;
  subject: string;
  body: string;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface CorrespondenceItem {
  id: string;
  direction: 'outbound' | 'inbound';
  templateKey: string | null;
  channel: string;
  recipient: string | null;
  subject: string;
  body: string;
  createdAt: Date;
  createdBy: string | null;
  /** For emails: where delivery has got to (pending, sending, sent, failed). */
  deliveryStatus: string | null;
  /** Each reasonable adjustment asked for, as the sender recorded it. */
  adjustments: AdjustmentRecord[];
}

type OrganisationFacts = LetterFacts['organisation'];

export interface OrganisationForLetters extends OrganisationFacts {
  division: string;
  timescaleOverrides: Record<string, unknown>;
  referencePrefix: string;
}

export type NewCorrespondence = Omit<CorrespondenceTable, 'created_at' | 'adjustments'> & {
  created_at?: Date;
  adjustments?: string | null;
};

/** Every query takes the owning organisation, so one tenant never reads another's letters. */
export class CorrespondenceRepository {
  constructor(private readonly db: Db) {}

  async organisation(organisationId: string): Promise<OrganisationForLetters> {
    const org = await this.db
      .selectFrom('organisations')
      .select([
        'name',
        'preset',
        'division',
        'timescale_overrides',
        'reference_prefix',
        'complaints_team_name',
        'complaints_team_phone',
        'contact_email',
        'complaints_team_address',
        'advocacy_name',
        'advocacy_url',
        ...JURISDICTION_COLUMNS,
      ])
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    const { nation, sector, ombudsman, tier } = jurisdictionOf(org);
    return {
      name: org.name,
      preset: org.preset,
      nation,
      sector,
      ombudsman,
      tier,
      complaintsTeam: {
        name: org.complaints_team_name,
        phone: org.complaints_team_phone,
        email: org.contact_email,
        address: org.complaints_team_address,
      },
      advocacy: { name: org.advocacy_name, url: org.advocacy_url },
      division: org.division,
      timescaleOverrides: org.timescale_overrides ?? {},
      referencePrefix: org.reference_prefix,
    };
  }

  async template(organisationId: string, key: string): Promise<StoredTemplate | null> {
    const row = await this.db
      .selectFrom('letter_templates')
      .leftJoin('users', (join) =>
        join
          .onRef('users.id', '=', 'letter_templates.updated_by')
          .on('users.organisation_id', '=', organisationId),
      )
      .select([
        'letter_templates.key',
        'letter_templates.subject',
        'letter_templates.body',
        'letter_templates.updated_at',
        'users.name as updated_by_name',
      ])
      .where('letter_templates.organisation_id', '=', organisationId)
      .where('letter_templates.key', '=', key)
      .executeTakeFirst();
    return row
      ? {
          key: row.key,
          subject: row.subject,
          body: row.body,
          updatedAt: row.updated_at,
          updatedBy: row.updated_by_name,
        }
      : null;
  }

  async templates(organisationId: string): Promise<Map<string, { updatedAt: Date }>> {
    const rows = await this.db
      .selectFrom('letter_templates')
      .select(['key', 'updated_at'])
      .where('organisation_id', '=', organisationId)
      .execute();
    return new Map(rows.map((r) => [r.key, { updatedAt: r.updated_at }]));
  }

  async saveTemplate(
    executor: Db,
    organisationId: string,
    key: string,
    text: { subject: string; body: string },
    userId: string | null,
  ): Promise<void> {
    await executor
      .insertInto('letter_templates')
      .values({ organisation_id: organisationId, key, ...text, updated_by: userId })
      .onConflict((oc) =>
        oc
          .columns(['organisation_id', 'key'])
          .doUpdateSet({ ...text, updated_by: userId, updated_at: new Date() }),
      )
      .execute();
  }

  async deleteTemplate(executor: Db, organisationId: string, key: string): Promise<boolean> {
    const result = await executor
      .deleteFrom('letter_templates')
      .where('organisation_id', '=', organisationId)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The parts of a case a letter draws on beyond the complaint row itself. */
  async caseFacts(
    complaint: ComplaintRow,
  ): Promise<Pick<LetterFacts, 'extension' | 'remedies' | 'signatory'> & { handlerName: string | null }> {
    const orgId = complaint.organisation_id;
    const [extension, remedies, handler, signatory] = await Promise.all([
      this.db
        .selectFrom('complaint_extensions')
        .select(['reason', 'new_due_on', 'complainant_told_on'])
        .where('organisation_id', '=', orgId)
        .where('complaint_id', '=', complaint.id)
        .where('stage', '=', complaint.stage)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
      this.db
        .selectFrom('complaint_remedies')
        .select(['kind', 'description', 'amount_pence'])
        .where('organisation_id', '=', orgId)
        .where('complaint_id', '=', complaint.id)
        .orderBy('created_at')
        .execute(),
      complaint.handler_id
        ? this.db
            .selectFrom('users')
            .select('name')
            .where('organisation_id', '=', orgId)
            .where('id', '=', complaint.handler_id)
            .executeTakeFirst()
        : Promise.resolve(undefined),
      complaint.signed_off_by
        ? this.db
            .selectFrom('users')
            .select(['name', 'role'])
            .where('organisation_id', '=', orgId)
            .where('id', '=', complaint.signed_off_by)
            .executeTakeFirst()
        : Promise.resolve(undefined),
    ]);
    return {
      signatory: signatory ? { name: signatory.name, role: ROLE_LABELS[signatory.role as Role] } : null,
      extension: extension
        ? { reason: extension.reason, newDueOn: extension.new_due_on, toldOn: extension.complainant_told_on }
        : null,
      remedies: remedies.map((r) => ({
        kind: r.kind,
        description: r.description,
        amountPence: r.amount_pence,
      })),
      handlerName: handler?.name ?? null,
    };
  }

  async insert(executor: Db, row: NewCorrespondence): Promise<void> {
    await executor.insertInto('correspondence').values(row).execute();
  }

  async forComplaint(organisationId: string, complaintId: string): Promise<CorrespondenceItem[]> {
    const rows = await this.selectItems(organisationId)
      .where('correspondence.complaint_id', '=', complaintId)
      .orderBy('correspondence.created_at', 'desc')
      .orderBy('correspondence.id')
      .execute();
    return rows.map(toItem);
  }

  async item(organisationId: string, complaintId: string, id: string): Promise<CorrespondenceItem | null> {
    const row = await this.selectItems(organisationId)
      .where('correspondence.complaint_id', '=', complaintId)
      .where('correspondence.id', '=', id)
      .executeTakeFirst();
    return row ? toItem(row) : null;
  }

  private selectItems(organisationId: string) {
    return this.db
      .selectFrom('correspondence')
      .leftJoin('users', (join) =>
        join
          .onRef('users.id', '=', 'correspondence.created_by')
          .on('users.organisation_id', '=', organisationId),
      )
      .leftJoin('outbox', (join) =>
        join
          .onRef('outbox.id', '=', 'correspondence.outbox_id')
          .on('outbox.organisation_id', '=', organisationId),
      )
      .select([
        'correspondence.id',
        'correspondence.direction',
        'correspondence.template_key',
        'correspondence.channel',
        'correspondence.recipient',
        'correspondence.subject',
        'correspondence.body',
        'correspondence.created_at',
        'correspondence.adjustments',
        'users.name as created_by_name',
        'outbox.status as delivery_status',
      ])
      .where('correspondence.organisation_id', '=', organisationId);
  }
}

function toItem(r: {
  id: string;
  direction: 'outbound' | 'inbound';
  template_key: string | null;
  channel: string;
  recipient: string | null;
  subject: string;
  body: string;
  created_at: Date;
  created_by_name: string | null;
  delivery_status: string | null;
  adjustments: AdjustmentRecord[] | null;
}): CorrespondenceItem {
  return {
    id: r.id,
    direction: r.direction,
    templateKey: r.template_key,
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    deliveryStatus: r.delivery_status,
    adjustments: r.adjustments ?? [],
  };
}
