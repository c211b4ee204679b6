// GET /api/series.csv: the same selection as /api/series, as a CSV download.
import type { FastifyInstance } from 'fastify';
import { querySeries, seriesToCsv } from '../../core/index.js';
import { API_CACHE_CONTROL, EncodedBody } from '../encoded-body.js';
import { type SeriesQueryString, seriesCacheKey, seriesQuerySchema, toSeriesQuery } from '../series-query.js';
import type { ServedData } from '../served-data.js';

export async function seriesCsvRoutes(app: FastifyInstance, opts: { served: ServedData }): Promise<void> {
  const { served } = opts;
  app.get<{ Querystring: SeriesQueryString }>(
    '/api/series.csv',
    { schema: { querystring: seriesQuerySchema } },
    async (request, reply) => {
      const dataset = served.require();
      const query = toSeriesQuery(request.query);
      const body = served.responses.getOrMake('csv' + seriesCacheKey(query), () => {
        const response = querySeries(dataset, query);
        const window = response.rt ? `-window${response.rt.window}` : '';
        const filename = `ebov-${response.indicator.id}-${response.measure}${window}.csv`.replace(
          /[^\w.-]/g,
          '_',
        );
        return new EncodedBody(seriesToCsv(response), 'text/csv; charset=utf-8', {
          'content-disposition': `attachment; filename="${filename}"`,
        });
      });
      return body.send(request, reply, API_CACHE_CONTROL);
    },
  );
}
