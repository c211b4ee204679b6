// Runs `ship <args>` in this process (commands/run-ship.ts), the way cli.ts
// does but with strings for stdout/stderr, a non-terminal stdin, and the
// given environment and working directory. Most command tests use this; a
// few smoke tests spawn the CLI (*.int.test.ts that need a real process:
// signals, a terminal). With `processEnv`, the environment is also put in
// `process.env` while the command runs, as a child would see it, for code that
// reads it from the process (the build's cache folder and SOURCE_DATE_EPOCH,
// npm's HOME); vitest runs each file in its own process, one test at a time.
import { Readable } from 'node:stream';
import { runShip } from '../../src/commands/run-ship.js';

export interface ShipOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function shipInProcess(
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; input?: string; processEnv?: boolean },
): Promise<ShipOutcome> {
  if (options.processEnv) {
    return withProcessEnv(options.env, () => shipInProcess(args, { ...options, processEnv: false }));
  }
  let stdout = '';
  let stderr = '';
  const code = await runShip(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Object.assign(Readable.from([options.input ?? '']), { isTTY: false }),
    env: options.env,
    cwd: options.cwd,
    onInterrupt: () => () => {},
  });
  return { code, stdout, stderr };
}

/** Runs `body` with `process.env` replaced by `env`, and restores it after. */
async function withProcessEnv<T>(env: NodeJS.ProcessEnv, body: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  const replace = (next: NodeJS.ProcessEnv) => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, next);
  };
  replace(env);
  try {
    return await body();
  } finally {
    replace(saved);
  }
}
