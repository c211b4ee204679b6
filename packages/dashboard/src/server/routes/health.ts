// GET /healthz: the process is alive. GET /readyz: the data is loaded and the
// server is not draining (503 otherwise), for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import { ApiProblem } from '../errors.js';
import type { ServedData } from '../served-data.js';

export async function healthRoutes(app: FastifyInstance, opts: { served: ServedData }): Promise<void> {
  const { served } = opts;

  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'alive' };
  });

  app.get('/readyz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (served.draining) {
      throw new ApiProblem('EBOV_NOT_READY', { message: 'the server is shutting down' });
    }
    served.require();
    return { status: 'ready' };
  });
}
