import { routePath } from '../../web/route-path.ts';

export const caseRecordPaths = {
  complaints: {
    assign: routePath('/complaints/:reference/assign'),
    notes: routePath('/complaints/:reference/notes'),
    issues: routePath('/complaints/:reference/issues'),
    issue: routePath('/complaints/:reference/issues/:issueId'),
    remedies: routePath('/complaints/:reference/remedies'),
    colleagues: routePath('/complaints/:reference/colleagues'),
    attachments: routePath('/complaints/:reference/attachments'),
    attachment: routePath('/complaints/:reference/attachments/:attachmentId'),
  },
};
