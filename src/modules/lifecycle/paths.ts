import { routePath } from '../../web/route-path.ts';

export const lifecyclePaths = {
  complaints: {
    event: routePath('/complaints/:reference/events/:type'),
  },
  api: {
    events: routePath('/api/v1/complaints/:reference/events'),
  },
};
