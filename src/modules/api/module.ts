import { defineModule } from '../module.ts';
import { apiPaths } from './paths.ts';
import { openApiRoutes } from './routes.ts';

/** The JSON API's description (OpenAPI 3.1), put together from every module's part. */
export const apiModule = defineModule({
  name: 'api',
  apiRoutes: openApiRoutes,
  paths: apiPaths,
  openApi: {
    tags: [{ name: 'Meta', description: 'About the API itself' }],
    paths: {
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This document',
          tags: ['Meta'],
          security: [],
          responses: {
            '200': {
              description: 'The OpenAPI document',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
  },
});
