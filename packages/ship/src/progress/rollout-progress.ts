// A rollout's progress on the command's progress display (progress-display.ts):
// new service events as lines, the state as the status line. Nothing here
// decides anything or knows about terminals; it only shows poll results. A
// canary, linear or blue/green release also gets each traffic step as a line
// and its bake countdown in the status line.
import type { Release } from '../deploy/release.js';
import { formatProgress } from '../deploy/rollout-verdict.js';
import { releaseStatus } from '../deploy/traffic-shift.js';
import type { PollResult } from '../wait/rollout-poller.js';
import type { ProgressDisplay } from './progress-display.js';

export interface ProgressRenderer {
  onPoll(result: PollResult): void;
  /** A line of its own (e.g. "created cluster demo"). */
  line(text: string): void;
  /** Removes the status line before other output. */
  done(): void;
}

export function rolloutProgress(
  display: Pick<ProgressDisplay, 'line' | 'status'>,
  options: { release?: Release; now?: () => number } = {},
): ProgressRenderer {
  const now = options.now ?? Date.now;
  let status = '';
  let traffic: { percent: number; since: number } | undefined;
  return {
    line: (text) => display.line(text),
    onPoll(result) {
      for (const event of result.events) display.line(`  event: ${event.message}`);
      if (result.traffic !== undefined && result.traffic !== traffic?.percent) {
        if (result.traffic > 0 || traffic) display.line(`  traffic: ${result.traffic} % on the new revision`);
        traffic = { percent: result.traffic, since: now() };
      }
      const shift =
        options.release && traffic && traffic.percent > 0
          ? ` · ${releaseStatus(options.release, traffic.percent, traffic.since, now())}`
          : '';
      if (result.throttled) status = `${status || 'waiting'} (AWS is throttling; backing off)`;
      else if (result.verdict) {
        const note =
          result.verdict.state === 'in-progress' && result.verdict.note ? ` (${result.verdict.note})` : '';
        status = `${formatProgress(result.verdict.progress)}${note}${shift}`;
      }
      if (status) display.status(status);
    },
    done() {
      status = '';
      display.status(undefined);
    },
  };
}
