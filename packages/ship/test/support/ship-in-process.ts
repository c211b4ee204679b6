// Runs `ship <args>` in this process (commands/run-ship.ts), the way cli.ts
// does but with strings for stdout/stderr, a non-terminal stdin, and the
// given environment and working directory. Most command tests use this; a
// few smoke tests spawn the CLI (*.int.test.ts that need a real process:
// signals, a terminal).
import { Readable } from 'node:stream';
import { runShip } from '../../src/commands/run-ship.js';

export interface ShipOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function shipInProcess(
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; input?: string },
): Promise<ShipOutcome> {
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
