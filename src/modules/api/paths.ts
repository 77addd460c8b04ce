import { routePath } from '../../web/route-path.ts';

export const apiPaths = { api: { openapi: routePath('/api/openapi.json') } };
