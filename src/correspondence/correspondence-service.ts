import type { AuditService } from '../audit/audit-service.ts';
import type { CalendarService } from '../calendar/calendar-service.ts';
import type { ComplaintService } from '../complaints/complaint-service.ts';
import type { Db } from '../db/database.ts';
import type { OutboxService } from '../notifications/outbox-service.ts';

// TEMPORARY: being written by a helper in this session.
export class CorrespondenceService {
  constructor(
    readonly db: Db,
    readonly audit: AuditService,
    readonly outbox: OutboxService,
    readonly calendars: CalendarService,
    readonly complaints: ComplaintService,
  ) {}
}
