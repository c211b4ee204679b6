// Runs the real `ebov-dash` command (from source, through tsx) as a child
// process, for the tests that need signals, sockets and exit codes.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from './shared-data.js';

const CLI = path.join(PACKAGE_ROOT, 'src/cli.ts');
/** The production bundle `npm run build` writes (scripts/build-server.mjs). */
export const BUNDLED_CLI = path.join(PACKAGE_ROOT, 'dist/cli.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliRun {
  child: ChildProcess;
  /** JSON log lines printed so far (non-JSON stdout lines are kept as { text }). */
  logs: Record<string, unknown>[];
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
  /** Resolves with the first log line that satisfies `test` (already printed or to come). */
  logLine: (
    test: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ) => Promise<Record<string, unknown>>;
}

/** Runs the command from source (tsx), or with `bundled` the built dist/cli.js as `npm start` does. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  { bundled = false } = {},
): CliRun {
  const entry = bundled ? [BUNDLED_CLI] : ['--import', 'tsx', CLI];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', WEB_CONCURRENCY: undefined, PORT: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let partial = '';
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    out += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ text: line });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr?.on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const wake of waiters) wake();
    });
  });

  const logLine: CliRun['logLine'] = (test, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = logs.find(test);
        if (found) {
          done();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(
            new Error(`ebov-dash exited (${child.exitCode ?? child.signalCode}) first.\n${out}\n${err}`),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no such log line within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return { child, logs, stdout: () => out, stderr: () => err, exited, logLine };
}

/** Starts a server on a free loopback port and waits until it serves. */
export async function startServer(
  env: Record<string, string | undefined> = {},
  options: { bundled?: boolean } = {},
): Promise<CliRun & { port: number; origin: string }> {
  const run = runCli(['--port', '0', '--host', '127.0.0.1'], env, options);
  const serving = await run.logLine((line) => line['msg'] === 'ebov-dash is serving');
  const port = Number(serving['port']);
  return { ...run, port, origin: `http://127.0.0.1:${port}` };
}

/** Ends a child the test started, if it is still running (SIGKILL: the test is over). */
export async function stop(run: CliRun | undefined): Promise<void> {
  if (!run || run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGKILL');
  await run.exited;
}

/** Milliseconds until `promise` settles, or Infinity after `limitMs`. */
export async function timeTo<T>(promise: Promise<T>, limitMs: number): Promise<{ ms: number; value?: T }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<{ ms: number }>((resolve) => {
    timer = setTimeout(() => resolve({ ms: Number.POSITIVE_INFINITY }), limitMs);
  });
  const result = await Promise.race([
    promise.then((value) => ({ ms: performance.now() - started, value })),
    limit,
  ]);
  clearTimeout(timer);
  return result;
}
