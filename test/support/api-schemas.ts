import { z } from 'zod';
import { issuesJsonShape, remediesJsonShape } from '../../src/modules/case-record/sections.ts';
import { complaintCoreShape } from '../../src/modules/cases/complaint-document.ts';
import { timelineJsonShape } from '../../src/modules/cases/module.ts';
import { deadlinesJsonShape } from '../../src/modules/deadlines/deadline-section.ts';
import { actionsJsonShape, responseJsonShape } from '../../src/modules/lifecycle/module.ts';

export { validationErrorSchema } from '../../src/modules/api/schemas.ts';
export { createComplaintRequestSchema } from '../../src/modules/intake/api.ts';
export { EVENT_FIELDS } from '../../src/modules/lifecycle/api.ts';
export { complaintListSchema } from '../../src/modules/worklist/api.ts';

/**
 * The Complaint document with its types, composed from the modules' shapes for tests to parse replies with.
 * The app builds the same document from the module list; a test checks the two have the same fields.
 */
export const complaintSchema = z.strictObject({
  ...complaintCoreShape,
  ...deadlinesJsonShape,
  ...actionsJsonShape,
  ...responseJsonShape,
  ...issuesJsonShape,
  ...remediesJsonShape,
  ...timelineJsonShape,
});
