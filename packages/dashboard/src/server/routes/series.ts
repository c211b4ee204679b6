// GET /api/series: one indicator for some countries, as columnar JSON ready to
// plot (`SeriesResponse`). Answers come from the response cache when they can.
import type { FastifyInstance } from 'fastify';
import { querySeries } from '../../core/index.js';
import { API_CACHE_CONTROL, EncodedBody } from '../encoded-body.js';
import { type SeriesQueryString, seriesCacheKey, seriesQuerySchema, toSeriesQuery } from '../series-query.js';
import type { ServedData } from '../served-data.js';

export async function seriesRoutes(app: FastifyInstance, opts: { served: ServedData }): Promise<void> {
  const { served } = opts;
  app.get<{ Querystring: SeriesQueryString }>(
    '/api/series',
    { schema: { querystring: seriesQuerySchema } },
    async (request, reply) => {
      const dataset = served.require();
      const query = toSeriesQuery(request.query);
      const body = served.responses.getOrMake(
        'json' + seriesCacheKey(query),
        () => new EncodedBody(JSON.stringify(querySeries(dataset, query)), 'application/json; charset=utf-8'),
      );
      return body.send(request, reply, API_CACHE_CONTROL);
    },
  );
}
