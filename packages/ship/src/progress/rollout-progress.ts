// A rollout's progress on the command's progress display (progress-display.ts):
// new service events as lines, the state as the status line. Nothing here
// decides anything or knows about terminals; it only shows poll results.
import { formatProgress } from '../deploy/rollout-verdict.js';
import type { PollResult } from '../wait/rollout-poller.js';
import type { ProgressDisplay } from './progress-display.js';

export interface ProgressRenderer {
  onPoll(result: PollResult): void;
  /** A line of its own (e.g. "created cluster demo"). */
  line(text: string): void;
  /** Removes the status line before other output. */
  done(): void;
}

export function rolloutProgress(display: Pick<ProgressDisplay, 'line' | 'status'>): ProgressRenderer {
  let status = '';
  return {
    line: (text) => display.line(text),
    onPoll(result) {
      for (const event of result.events) display.line(`  event: ${event.message}`);
      if (result.throttled) status = `${status || 'waiting'} (AWS is throttling; backing off)`;
      else if (result.verdict) {
        const note =
          result.verdict.state === 'in-progress' && result.verdict.note ? ` (${result.verdict.note})` : '';
        status = `${formatProgress(result.verdict.progress)}${note}`;
      }
      if (status) display.status(status);
    },
    done() {
      status = '';
      display.status(undefined);
    },
  };
}
