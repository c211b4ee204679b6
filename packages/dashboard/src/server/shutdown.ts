// Graceful shutdown of one server process: stop accepting, let in-flight
// requests finish, close keep-alive sockets as soon as they fall idle, and give
// up after a deadline so that the process always exits in time (ECS waits 30 s,
// `docker stop` 10 s; we stay well under both).
import type { FastifyInstance } from 'fastify';

export const SHUTDOWN_GRACE_MS = 5_000;

export type ShutdownOutcome = 'clean' | 'forced';

export async function drainAndClose(
  app: FastifyInstance,
  graceMs = SHUTDOWN_GRACE_MS,
): Promise<ShutdownOutcome> {
  app.served.draining = true;
  // A socket that was busy when close() began goes idle once its response is out; close it then
  // rather than waiting for the keep-alive timeout.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve('forced'), graceMs);
  });
  try {
    const outcome = await Promise.race([app.close().then((): ShutdownOutcome => 'clean'), deadline]);
    if (outcome === 'forced') app.server.closeAllConnections();
    return outcome;
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}

/**
 * On the first SIGTERM or SIGINT, drain and exit (0 when every request finished, 1 when the deadline
 * cut some). Later signals are logged and ignored: Ctrl-C reaches a cluster's workers twice (from the
 * terminal and from the primary).
 */
export function exitOnSignals(app: FastifyInstance, graceMs = SHUTDOWN_GRACE_MS): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      app.log.info({ signal }, 'already shutting down');
      return;
    }
    started = true;
    app.log.info({ signal, graceMs }, 'shutting down: finishing requests in flight');
    drainAndClose(app, graceMs).then(
      (outcome) => {
        if (outcome === 'forced')
          app.log.warn({ graceMs }, 'shutdown deadline reached: closed busy connections');
        else app.log.info('shut down cleanly');
        process.exit(outcome === 'clean' ? 0 : 1);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
