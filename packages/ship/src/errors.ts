// Errors a person can act on. A UserError is the user's (or their
// environment's) mistake: the CLI prints its message and next step, never a
// stack trace. Anything else is a bug and prints its stack.

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** The next step, e.g. "run `ship init` to write one". */
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
