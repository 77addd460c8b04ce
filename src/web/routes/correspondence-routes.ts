import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export async function correspondenceRoutes(_app: FastifyInstance, _services: Services) {}
