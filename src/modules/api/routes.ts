import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { complaintDocumentSchema } from '../cases/complaint-document.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { apiPaths } from './paths.ts';

export async function openApiRoutes(app: FastifyInstance, services: Services) {
  const document = buildOpenApiDocument(services.modules, {
    version: services.version,
    serverUrl: services.config.baseUrl,
    extraSchemas: { Complaint: complaintDocumentSchema(services.modules) },
  });
  app.get(apiPaths.api.openapi.pattern, { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(document),
  );
}
