// WEB_CONCURRENCY=N: the primary process forks N workers that share the port
// (node:cluster), restarts a worker that crashes, and on SIGTERM/SIGINT lets
// every worker drain and exits when they have. The primary loads no data.
import cluster, { type Worker } from 'node:cluster';
import { pino } from 'pino';
import { SHUTDOWN_GRACE_MS } from './shutdown.js';

/**
 * V8 lets the young generation grow to 2 × 16 MB under load; 2 × 4 MB costs a few more minor GCs
 * (cheap: almost everything a request allocates dies young) and saves ~20 MB of RSS per process.
 * `npm start` and the bin's shebang pass the same flag to a single process.
 */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=4';

/** A worker that crashes more often than this is not restarted again: something is wrong for good. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

export function runPrimary(workers: number, logLevel: string): void {
  const log = pino({ level: logLevel, base: { pid: process.pid, role: 'primary' } });
  const alive = new Set<Worker>();
  const listened = new WeakSet<Worker>();
  const restarts: number[] = [];
  let stopping = false;
  let exitCode = 0;

  const fork = () => alive.add(cluster.fork());
  const stopAll = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'stopping workers');
    for (const worker of alive) worker.process.kill('SIGTERM');
    // Workers give up on their own after SHUTDOWN_GRACE_MS; this is the backstop for a stuck one.
    setTimeout(() => {
      for (const worker of alive) worker.process.kill('SIGKILL');
      log.error('workers did not stop in time: killed');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 3_000).unref();
  };

  cluster.on('listening', (worker) => {
    listened.add(worker);
    log.info({ worker: worker.process.pid }, 'worker ready');
  });

  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker);
    const failed = code !== 0 || signal !== null;
    if (stopping) {
      if (failed) exitCode = 1;
    } else if (!listened.has(worker)) {
      // It never got to listen: bad data or a bad flag. It printed why; restarting would repeat it.
      exitCode = code === 0 || code === null ? 1 : code;
      stopAll('a worker failed to start');
    } else {
      const now = Date.now();
      while (restarts.length > 0 && (restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        log.error({ worker: worker.process.pid, code, signal }, 'workers keep crashing: giving up');
        exitCode = 1;
        stopAll('workers keep crashing');
      } else {
        restarts.push(now);
        log.warn({ worker: worker.process.pid, code, signal }, 'worker exited: starting another');
        fork();
      }
    }
    if (stopping && alive.size === 0) process.exit(exitCode);
  });

  // Workers get the primary's node flags, and a small young generation (see YOUNG_GENERATION_FLAG).
  const execArgv = process.execArgv.some((arg) => arg.startsWith('--max-semi-space-size'))
    ? process.execArgv
    : [...process.execArgv, YOUNG_GENERATION_FLAG];
  cluster.setupPrimary({ execArgv });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopAll(signal));
  log.info({ workers }, 'starting workers');
  for (let i = 0; i < workers; i += 1) fork();
}
