import { routePath } from '../../web/route-path.ts';

export const worklistPaths = {
  complaints: {
    list: routePath('/complaints'),
  },
  api: {
    complaints: routePath('/api/v1/complaints'),
  },
};
