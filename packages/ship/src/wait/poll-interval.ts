// How often ship asks AWS while waiting: the command's default, or
// SHIP_POLL_INTERVAL_MS (tests against a local endpoint poll fast).
import { UserError } from '../errors.js';

export function pollIntervalMs(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.SHIP_POLL_INTERVAL_MS;
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new UserError(
      `SHIP_POLL_INTERVAL_MS=${raw}: expected milliseconds > 0`,
      'unset it to use the default',
    );
  return value;
}
