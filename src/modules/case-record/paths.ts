import { routePath } from '../../web/route-path.ts';

export const caseRecordPaths = {
  complaints: {
    assign: routePath('/complaints/:reference/assign'),
    notes: routePath('/complaints/:reference/notes'),
    noteNew: routePath('/complaints/:reference/notes/new'),
    issues: routePath('/complaints/:reference/issues'),
    issueNew: routePath('/complaints/:reference/issues/new'),
    issue: routePath('/complaints/:reference/issues/:issueId'),
    remedies: routePath('/complaints/:reference/remedies'),
    remedyNew: routePath('/complaints/:reference/remedies/new'),
    colleagues: routePath('/complaints/:reference/colleagues'),
    colleagueNew: routePath('/complaints/:reference/colleagues/new'),
    documents: routePath('/complaints/:reference/documents'),
    attachments: routePath('/complaints/:reference/attachments'),
    attachmentNew: routePath('/complaints/:reference/attachments/new'),
    attachment: routePath('/complaints/:reference/attachments/:attachmentId'),
  },
};
