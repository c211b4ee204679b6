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
  const stream = logDestination();
  const app = buildApp({ dataset: null, logger: { level: options.logLevel, stream } });
  // No handler for SIGTERM/SIGINT while the data loads: the parse is synchronous, so a handler
  // could run only after it (a long parse made SIGTERM wait for all of it). Nothing is served yet,
  // so the default action (end the process at once) loses nothing.
  const [loaded] = await Promise.all([
    dataset ?? loadDataset(loadOptions(options, (message: string) => app.log.info(message))),
    app.ready(),
  ]);
  app.served.dataset = loaded;
  exitOnSignals(app);
  reportDroppedLines(stream, app);
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

/** Bytes of log lines held while stdout cannot take them; beyond, lines are dropped and counted. */
export const LOG_BUFFER_BYTES = 1024 * 1024;
/** At exit, how long lines still held may take to go out before they are given up. */
const EXIT_FLUSH_MS = 1_000;
const DROP_REPORT_MS = 10_000;

type LogStream = ReturnType<typeof pino.destination> & { dropped: number };

/**
 * Asynchronous stdout: a line is written at once when the stream is idle, and lines logged while a
 * write is in flight go out together in the next one, so a busy server makes far fewer write calls
 * than one per request. Bounded: when stdout is slow or stalled (a full pipe), at most
 * LOG_BUFFER_BYTES wait and the rest is dropped and counted (reportDroppedLines), and at exit the
 * wait for stdout is at most EXIT_FLUSH_MS: shutdown never waits on the log's reader.
 */
function logDestination(): LogStream {
  // Reading process.stdout makes Node open fd 1 as a non-blocking pipe when it is one: a write to a
  // full pipe then fails with EAGAIN (retried, bounded below) instead of blocking the process.
  void process.stdout;
  let giveUpAt = Number.POSITIVE_INFINITY;
  const stream = pino.destination({
    dest: 1,
    sync: false,
    maxLength: LOG_BUFFER_BYTES,
    retryEAGAIN: () => Date.now() < giveUpAt,
  }) as LogStream;
  stream.dropped = 0;
  stream.on('drop', () => {
    stream.dropped += 1;
  });
  // pino flushes synchronously at exit; with a stalled reader that loop would never end.
  const flushSync = stream.flushSync.bind(stream);
  stream.flushSync = () => {
    giveUpAt = Math.min(giveUpAt, Date.now() + EXIT_FLUSH_MS);
    try {
      flushSync();
    } catch {
      // stdout did not take the last lines in time: they are lost, the exit is not.
    }
  };
  return stream;
}

/** Every DROP_REPORT_MS, one line saying how many lines were dropped since the last report. */
function reportDroppedLines(stream: LogStream, app: FastifyInstance): void {
  setInterval(() => {
    if (stream.dropped === 0) return;
    const dropped = stream.dropped;
    stream.dropped = 0;
    app.log.warn({ dropped }, `stdout is not keeping up: ${dropped} log lines dropped`);
  }, DROP_REPORT_MS).unref();
}
