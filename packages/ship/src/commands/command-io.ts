// What a command may touch of the world, handed to it by the entry point (or
// a test): it prints through `stdout`/`stderr`, reads `env` and `cwd`, asks on
// `stdin` only when it is a terminal, and may stop cleanly on Ctrl-C. Commands
// never reach for `process` themselves, so they run in-process in tests.

export interface OutputStream {
  write(text: string): unknown;
  /** A terminal (progress redraws in place, prompts are possible). */
  isTTY?: boolean;
  columns?: number;
}

export interface CommandIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Asks to be told of Ctrl-C / SIGTERM instead of being ended at once
   * (`ship logs --follow` finishes its line and exits 0). Returns the undo.
   */
  onInterrupt(stop: () => void): () => void;
}

/** Whether a person can be asked: stdin and stderr are terminals. */
export const canAsk = (io: CommandIo): boolean => Boolean(io.stdin.isTTY && io.stderr.isTTY);

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export const useColour = (io: Pick<CommandIo, 'env'>, stream: OutputStream): boolean =>
  Boolean(stream.isTTY) && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
