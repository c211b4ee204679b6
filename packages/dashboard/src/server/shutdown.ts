// Graceful shutdown of one server process: stop accepting, let in-flight
// requests finish, answer each with `connection: close`, close keep-alive
// sockets still idle after a short grace, and give up after a deadline so that
// the process always exits in time (ECS waits 30 s, `docker stop` 10 s; we stay
// well under both).
//
// Why not just `app.close()`: Node's `server.close()` first calls
// `closeIdleConnections()`, which counts a socket as idle once `res.end()` was
// called, even while the answer is still flushing to a slow client; that socket
// is destroyed and the client gets a cut body (nodejs/node#43890 is the related
// fix for answers not yet ended). So we stop the listener with the plain
// net.Server close, sweep idle sockets only while no answer is flushing, and
// call `app.close()` (onClose hooks) once every socket is gone.
import type { ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { FastifyInstance } from 'fastify';

export const SHUTDOWN_GRACE_MS = 5_000;
const SWEEP_EVERY_MS = 50;
/**
 * Keep-alive sockets are left open this long before idle ones are closed. A busy client's next
 * request is answered meanwhile, with `connection: close`, and the socket closes cleanly after it;
 * closing an idle socket at once would reset the request the client may already have sent on it
 * (64 of 64 busy connections under keep-alive load lost one request each). 500 ms was too short
 * for a client on a loaded machine; idle clients still go well within SHUTDOWN_GRACE_MS.
 */
const IDLE_GRACE_MS = 1_500;

export type ShutdownOutcome = 'clean' | 'forced';

/** The answers not yet handed to the OS in full. Attach before listening. */
export function trackResponses(app: FastifyInstance): Set<ServerResponse> {
  const inFlight = new Set<ServerResponse>();
  app.server.on('request', (_request, response: ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  return inFlight;
}

export async function drainAndClose(
  app: FastifyInstance,
  inFlight: ReadonlySet<ServerResponse>,
  graceMs = SHUTDOWN_GRACE_MS,
): Promise<ShutdownOutcome> {
  app.served.draining = true;
  const server = app.server;
  let sweep: NodeJS.Timeout | undefined;
  let stopSweeping = () => {};
  let timer: NodeJS.Timeout | undefined;
  const socketsGone = new Promise<ShutdownOutcome>((resolve) => {
    if (!server.listening) return resolve('clean');
    // Stop accepting; the callback runs when the last socket has closed.
    NetServer.prototype.close.call(server, () => resolve('clean'));
    const sweepIdle = () => {
      const flushing = [...inFlight].some((response) => response.writableEnded && !response.writableFinished);
      if (!flushing) server.closeIdleConnections();
    };
    const started = setTimeout(() => {
      sweepIdle();
      sweep = setInterval(sweepIdle, SWEEP_EVERY_MS);
    }, IDLE_GRACE_MS);
    stopSweeping = () => clearTimeout(started);
  });
  const deadline = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve('forced'), graceMs);
  });
  try {
    const outcome = await Promise.race([socketsGone, deadline]);
    if (outcome === 'forced') server.closeAllConnections();
    await app.close();
    return outcome;
  } finally {
    stopSweeping();
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
  const inFlight = trackResponses(app);
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      app.log.info({ signal }, 'already shutting down');
      return;
    }
    started = true;
    app.log.info({ signal, graceMs }, 'shutting down: finishing requests in flight');
    drainAndClose(app, inFlight, graceMs).then(
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
