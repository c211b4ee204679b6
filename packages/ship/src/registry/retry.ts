// Retries with exponential backoff and full jitter (AWS architecture blog): the wait before try n
// is random in [0, min(max, base·2ⁿ)], or what the server asked for with Retry-After.
import { backoffDelay, sleep } from '../wait/backoff.js';

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 250, maxMs: 8_000 };

export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return backoffDelay({ baseMs: policy.baseMs, maxMs: policy.maxMs, jitter: 'full' }, attempt, random);
}

/** Seconds or an HTTP date, capped so a server cannot stall us for long. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.max(0, Math.min(ms, 30_000)) : undefined;
}

export { sleep };
