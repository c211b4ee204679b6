// Deleting one resource ship created, for `ship destroy`, through its table
// entry (src/rollout/resource-entry.ts): `delete` asks AWS (gone already
// counts as done; "still in use" is waited on and retried), then `gone` is
// asked until it is really gone, so the next step does not trip over it.
import { isBusyError, isGoneError } from '../aws/aws-context.js';
import { UserError } from '../errors.js';
import { backoff, sleep } from '../wait/backoff.js';
import type { HeldResource } from './environments.js';

type Context = Parameters<HeldResource['entry']['delete']>[1];

/** Starts deleting; `busy` when AWS says something still depends on it (ENIs on a security group, services in a cluster). */
async function startDeleting(context: Context, step: HeldResource): Promise<'started' | 'busy'> {
  try {
    await step.entry.delete(step, context);
    return 'started';
  } catch (error) {
    if (isGoneError(error)) return 'started';
    if (isBusyError(error)) return 'busy';
    throw error;
  }
}

async function checkGone(context: Context, step: HeldResource): Promise<boolean> {
  try {
    return await step.entry.gone(step, context);
  } catch (error) {
    if (isGoneError(error)) return true;
    throw error;
  }
}

export interface DeleteWaitOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Called while waiting on something (e.g. "still in use"). */
  onWait?: (what: string) => void;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Deletes a resource and waits until it is gone: while AWS says something
 * still depends on it, waits and asks again; then waits for it to disappear.
 * Intervals grow (×1.5, capped at 15 s) so long waits make few calls.
 */
export async function deleteAndWait(
  context: Context,
  step: HeldResource,
  options: DeleteWaitOptions,
): Promise<void> {
  const waitFor = async (what: string, done: () => Promise<boolean>) => {
    const wait = backoff({
      baseMs: options.intervalMs,
      factor: 1.5,
      maxMs: 15_000,
      jitter: 'none',
      deadlineMs: options.timeoutMs,
    });
    while (!(await done())) {
      const ms = wait.delay();
      if (ms === undefined) {
        throw new UserError(
          `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${step.kind} ${step.name}: ${what}`,
          'run `ship destroy` again later; it continues where it stopped',
        );
      }
      options.onWait?.(what);
      await (options.sleep ?? sleep)(ms);
    }
  };
  await waitFor('still in use', async () => (await startDeleting(context, step)) === 'started');
  await waitFor('still being deleted', () => checkGone(context, step));
}
