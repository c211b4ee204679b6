// GET /api/meta: countries, indicators, date range, source and quality notes
// (`MetaResponse`). Serialised once per dataset.
import type { FastifyInstance } from 'fastify';
import { API_CACHE_CONTROL } from '../encoded-body.js';
import type { ServedData } from '../served-data.js';

export async function metaRoutes(app: FastifyInstance, opts: { served: ServedData }): Promise<void> {
  const { served } = opts;
  app.get('/api/meta', async (request, reply) => {
    return served.metaBody().send(request, reply, API_CACHE_CONTROL);
  });
}
