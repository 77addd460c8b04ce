import { caseRecordPaths } from '../../src/modules/case-record/paths.ts';
import { caseApiPaths, casePaths } from '../../src/modules/cases/paths.ts';
import { correspondencePaths } from '../../src/modules/correspondence/paths.ts';
import { intakePaths } from '../../src/modules/intake/paths.ts';
import { lifecyclePaths } from '../../src/modules/lifecycle/paths.ts';
import { organisationPaths } from '../../src/modules/organisations/paths.ts';
import { peoplePaths } from '../../src/modules/people/paths.ts';
import { sitePaths } from '../../src/modules/site/paths.ts';
import { worklistPaths } from '../../src/modules/worklist/paths.ts';
import { platformPaths } from '../../src/web/paths.ts';

/** Every module's URL helpers in one typed tree, as templates see them, for tests to build URLs with. */
export const paths = {
  ...platformPaths,
  ...sitePaths,
  ...peoplePaths,
  complain: intakePaths.complain,
  complaints: {
    ...worklistPaths.complaints,
    ...intakePaths.complaints,
    ...casePaths.complaints,
    ...lifecyclePaths.complaints,
    ...caseRecordPaths.complaints,
    ...correspondencePaths.complaints,
  },
  admin: {
    ...sitePaths.admin,
    ...organisationPaths.admin,
    ...peoplePaths.admin,
    ...correspondencePaths.admin,
  },
  api: { ...worklistPaths.api, ...caseApiPaths.api, ...lifecyclePaths.api },
};
