import { routePath } from '../../web/route-path.ts';

export const casePaths = {
  complaints: {
    show: routePath('/complaints/:reference'),
    timeline: routePath('/complaints/:reference/timeline'),
  },
};

export const caseApiPaths = {
  api: {
    complaint: routePath('/api/v1/complaints/:reference'),
  },
};
