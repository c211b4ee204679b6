// WEB_CONCURRENCY=N: the primary process loads the data once (downloading it at most once),
// forks N workers that share the port (node:cluster), hands each the same prepared dataset
// (V8-serialised, over the IPC channel, when the worker asks), restarts a worker that crashes
// (the new one gets the same bytes), and on SIGTERM/SIGINT lets every worker drain and exits when
// they have. So every worker serves the same values, with the same ETags.
import cluster, { type Worker } from 'node:cluster';
import { deserialize, serialize } from 'node:v8';
import { pino } from 'pino';
import type { Dataset } from '../core/index.js';
import { loadDataset } from '../load/index.js';
import { loadOptions, type ServeOptions } from './load-options.js';
import { SHUTDOWN_GRACE_MS } from './shutdown.js';

/** A worker asks for the dataset with this message; the answer is `{ type: DATASET, bytes }`. */
const ASK = 'ebov-dash:dataset?';
const DATASET = 'ebov-dash:dataset';

interface DatasetMessage {
  type: typeof DATASET;
  bytes: Uint8Array;
}

/**
 * Node flags that keep a process's memory small; `npm start`, the bin's shebang and the image's
 * entry point pass the same ones to a single process, and workers get them from here.
 * - `--max-semi-space-size=2`: V8 lets the young generation grow to 2 × 16 MB under load; 2 × 2 MB
 *   costs more minor GCs, each cheap (almost everything a request allocates dies young).
 * - `--heap-growing-percent=10`: after a full GC the old generation may grow by 10% before the
 *   next one, not up to 4×: with ~15 MB live, full GCs are short, and RSS stays near what is live.
 * - `--v8-pool-size=1`: one V8 background thread (concurrent GC and compilation) instead of four:
 *   fewer threads' malloc arenas and stacks; on 2 cores (or a Fargate task's 0.25–1 vCPU) the
 *   extra threads only competed with the workers.
 * Measured with 2 workers under 80 s of load: RSS ~100–120 MB → ~76–78 MB per worker, throughput
 * within noise. The price: with any V8 flag set, V8 rejects the code cache of Node's built-in
 * modules, which then compile from source at every start (~60 ms). Setting the V8 flags after
 * start (v8.setFlagsFromString) avoids that but does not shrink the heap: tried, no effect.
 */
export const MEMORY_FLAGS = [
  '--max-semi-space-size=2',
  '--heap-growing-percent=10',
  '--v8-pool-size=1',
] as const;

/** A worker that crashes more often than this is not restarted again: something is wrong for good. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

export async function runPrimary(workers: number, options: ServeOptions): Promise<void> {
  const log = pino({ level: options.logLevel, base: { pid: process.pid, role: 'primary' } });
  // Loaded before any worker exists: bad data fails the start once, with the loader's message.
  const dataset = await loadDataset(loadOptions(options, (message) => log.info(message)));
  // Kept serialised (one buffer, not the object graph) for workers started now and later.
  const bytes = serialize(dataset);
  log.info({ bytes: bytes.length }, 'dataset loaded: handing it to the workers');
  const alive = new Set<Worker>();
  const listened = new WeakSet<Worker>();
  const restarts: number[] = [];
  let stopping = false;
  let exitCode = 0;

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type === ASK) {
        worker.send({ type: DATASET, bytes } satisfies DatasetMessage);
      }
    });
    alive.add(worker);
  };
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

  // Workers get the primary's node flags, and the memory flags it was not given (see MEMORY_FLAGS).
  const given = (flag: string) => process.execArgv.some((arg) => arg.startsWith(flag.split('=')[0]!));
  const execArgv = [...process.execArgv, ...MEMORY_FLAGS.filter((flag) => !given(flag))];
  // 'advanced': the dataset's bytes cross as a buffer (structured clone), not as JSON.
  cluster.setupPrimary({ execArgv, serialization: 'advanced' });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopAll(signal));
  log.info({ workers }, 'starting workers');
  for (let i = 0; i < workers; i += 1) fork();
}

/** In a worker: the dataset the primary loaded, asked for once the answer can be received. */
export function receiveDataset(): Promise<Dataset> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type !== DATASET) return;
      process.off('message', onMessage);
      resolve(deserialize((message as DatasetMessage).bytes) as Dataset);
    };
    process.on('message', onMessage);
    process.send?.({ type: ASK });
  });
}
