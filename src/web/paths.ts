import { routePath } from './route-path.ts';

/**
 * The platform's own URLs (home, sign-in, health). Each module declares its own in its paths.ts; templates see
 * them all as `paths`, merged from the modules (src/modules/registry.ts).
 */
export const platformPaths = {
  home: routePath('/'),
  health: routePath('/health'),
};
