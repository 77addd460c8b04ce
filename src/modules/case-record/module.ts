import type { AuditActionsOf } from '../../audit/audit-service.ts';
import { ISSUE_OUTCOMES } from '../../domain/lifecycle/index.ts';
import { defineModule } from '../module.ts';
import { CaseRecordService, REMEDY_KINDS, REMEDY_LABELS } from './case-record-service.ts';
import { CASE_RECORD_MESSAGES } from './messages.ts';
import { caseRecordPaths } from './paths.ts';
import { caseRecordPermissions } from './permissions.ts';
import { caseRecordRoutes } from './routes.ts';
import {
  attachmentsSection,
  caseRecordChecklist,
  colleaguesSection,
  issuesSection,
  notesSection,
  remediesSection,
} from './sections.ts';

const AUDIT_ACTIONS = [
  'complaint.assign',
  'complaint.note.add',
  'complaint.issue.add',
  'complaint.issue.outcome',
  'complaint.remedy.add',
  'complaint.colleague.add',
  'complaint.attachment.add',
  'complaint.attachment.download',
] as const;

declare module '../../audit/audit-service.ts' {
  interface AuditActionRegistry extends AuditActionsOf<typeof AUDIT_ACTIONS> {}
}

declare module '../../services.ts' {
  interface Services {
    caseRecords: CaseRecordService;
  }
}

/** The case record around the lifecycle: who works on it, its issues, remedies, colleagues, files and notes. */
export const caseRecordModule = defineModule({
  name: 'case-record',
  permissions: caseRecordPermissions,
  auditActions: AUDIT_ACTIONS,
  eventTypes: {
    assigned: 'Assigned',
    'note-added': 'Note added',
    'issue-added': 'Issue added',
    'issue-outcome': 'Issue outcome recorded',
    'remedy-added': 'Remedy added',
    'colleague-added': 'Colleague added',
    'attachment-added': 'File added',
  },
  tables: [
    {
      table: 'complaint_issues',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['summary', 'findings'],
      retention: 'With its case',
    },
    {
      table: 'complaint_remedies',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['description', 'amount_pence'],
      retention: 'With its case',
    },
    {
      table: 'complaint_colleagues',
      tenant: true,
      subject: 'colleague',
      personalColumns: ['name', 'job_title', 'involvement'],
      retention: 'With its case',
    },
    {
      table: 'complaint_notes',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['body'],
      retention: 'With its case',
    },
    {
      table: 'attachments',
      tenant: true,
      subject: 'complainant',
      personalColumns: ['filename', 'content'],
      retention: 'With its case',
    },
  ],
  services: (s) => ({ caseRecords: new CaseRecordService(s.db, s.cases, s.caseChanges, s.audit) }),
  routes: caseRecordRoutes,
  paths: caseRecordPaths,
  templateGlobals: { REMEDY_KINDS, REMEDY_LABELS, ISSUE_OUTCOMES },
  casePages: [
    { id: 'issues', title: 'Issues and outcomes', order: 20, path: caseRecordPaths.complaints.issues },
    { id: 'remedies', title: 'Remedies', order: 30, path: caseRecordPaths.complaints.remedies },
    { id: 'colleagues', title: 'Colleagues', order: 40, path: caseRecordPaths.complaints.colleagues },
    { id: 'documents', title: 'Documents and notes', order: 60, path: caseRecordPaths.complaints.documents },
  ],
  caseChecklist: caseRecordChecklist,
  caseMessages: {
    done: (value) =>
      (Object.hasOwn(CASE_RECORD_MESSAGES, value) ? CASE_RECORD_MESSAGES[value] : null) ?? null,
  },
  caseSections: [issuesSection, remediesSection, colleaguesSection, attachmentsSection, notesSection],
});
