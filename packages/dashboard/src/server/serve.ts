// One server process: build the app, load the data, then listen. Listening only
// after the load means a socket that answers always has the whole dataset (and
// in a cluster a restarting worker takes no traffic until it is ready).
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Dataset } from '../core/index.js';
import { loadDataset } from '../load/index.js';
import { buildApp } from './app.js';
import { loadOptions, type ServeOptions } from './load-options.js';
import { exitOnSignals } from './shutdown.js';

export type { DateFormat, ServeOptions } from './load-options.js';

/**
 * Serves `options.source`, or, in a cluster's worker, `dataset`: the one the primary loaded and
 * handed over (cluster.ts), so that every worker serves the same bytes.
 */
export async function serve(options: ServeOptions, dataset?: Promise<Dataset>): Promise<FastifyInstance> {
  // Asynchronous stdout: a line is written at once when the stream is idle, and lines logged while a
  // write is in flight go out together in the next one, so a busy server makes far fewer write
  // calls than one per request. pino flushes what is left when the process exits.
  const stream = pino.destination({ dest: 1, sync: false });
  const app = buildApp({ dataset: null, logger: { level: options.logLevel, stream } });
  exitOnSignals(app);
  const [loaded] = await Promise.all([
    dataset ?? loadDataset(loadOptions(options, (message: string) => app.log.info(message))),
    app.ready(),
  ]);
  app.served.dataset = loaded;
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  app.log.info(
    {
      url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
      port,
      // Since the process started (performance.now() counts from there); CPU time shows what a busy
      // machine adds.
      startMs: Math.round(performance.now()),
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    },
    'ebov-dash is serving',
  );
  return app;
}
