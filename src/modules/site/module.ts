import { defineModule } from '../module.ts';
import { sitePaths } from './paths.ts';
import { siteRoutes } from './routes.ts';

/** The home page, the accessibility statement and the administration index. */
export const siteModule = defineModule({
  name: 'site',
  routes: siteRoutes,
  paths: sitePaths,
});
