import { routePath } from '../../web/route-path.ts';

export const sitePaths = {
  accessibility: routePath('/accessibility'),
  admin: {
    index: routePath('/admin'),
  },
};
