// Placeholder: the browser-dashboard work replaces this with the plugin that
// serves the built client (hashed, immutable, precompressed; index.html not cached).
import type { FastifyInstance } from 'fastify';

export async function staticRoutes(_app: FastifyInstance): Promise<void> {}
