// The one backoff rule of ship: the wait before attempt n is base·factorⁿ,
// capped, with jitter so that many clients do not retry in step (AWS
// Architecture Blog, "Exponential Backoff and Jitter"). Used by registry
// retries, the rollout poller when throttled, adopting a resource another run
// created, and destroy's waits.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** full: random in [0, d]; equal: in [d/2, d]; none: d (default full). */
  jitter?: 'full' | 'equal' | 'none';
}

export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * (policy.factor ?? 2) ** attempt);
  switch (policy.jitter ?? 'full') {
    case 'none':
      return Math.round(ceiling);
    case 'equal':
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    case 'full':
      return Math.round(random() * ceiling);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Backoff {
  /** The wait before the next attempt, or undefined when it would pass the deadline. */
  delay(): number | undefined;
}

/** Successive delays of a policy within a time budget from now. */
export function backoff(
  policy: BackoffPolicy & { deadlineMs: number },
  clock: { now?: () => number; random?: () => number } = {},
): Backoff {
  const now = clock.now ?? Date.now;
  const deadline = now() + policy.deadlineMs;
  let attempt = 0;
  return {
    delay() {
      const ms = backoffDelay(policy, attempt, clock.random);
      attempt += 1;
      return now() + ms > deadline ? undefined : ms;
    },
  };
}
