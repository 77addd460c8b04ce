import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export async function publicComplaintRoutes(_app: FastifyInstance, _services: Services) {}
