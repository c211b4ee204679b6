// Draws a rollout's progress to stderr: new service events as lines, and the
// state as one line (rewritten in place on a terminal, printed when it changes
// otherwise). Nothing here decides anything; it only shows poll results.
import { formatProgress } from '../deploy/rollout-verdict.js';
import type { ProgressMode } from '../progress/progress-display.js';
import type { PollResult } from './rollout-poller.js';

export interface ProgressRenderer {
  onPoll(result: PollResult): void;
  /** A line of its own (e.g. "created cluster demo"). */
  line(text: string): void;
  /** Clears the status line before other output. */
  done(): void;
}

export function createProgressRenderer(
  stream: { write(text: string): unknown; isTTY?: boolean },
  options: { quiet?: boolean; mode?: ProgressMode } = {},
): ProgressRenderer {
  // The same rule as the build's progress (progress/progress-display.ts): redraw in place only in 'tty' mode.
  const tty = (options.mode ?? (stream.isTTY ? 'tty' : 'plain')) === 'tty';
  const quiet = options.quiet || options.mode === 'silent';
  let status = '';
  let lastPrinted = '';
  const clear = () => {
    if (tty && status) stream.write('\r\x1b[2K');
  };
  const redraw = () => {
    if (tty && status) stream.write(`  ${status}`);
  };
  return {
    line(text) {
      if (quiet) return;
      clear();
      stream.write(`${text}\n`);
      redraw();
    },
    onPoll(result) {
      if (quiet) return;
      clear();
      for (const event of result.events) stream.write(`  event: ${event.message}\n`);
      if (result.throttled) status = `${status || 'waiting'} (AWS is throttling; backing off)`;
      else if (result.verdict) {
        const note =
          result.verdict.state === 'in-progress' && result.verdict.note ? ` (${result.verdict.note})` : '';
        status = `${formatProgress(result.verdict.progress)}${note}`;
      }
      if (tty) redraw();
      else if (status && status !== lastPrinted) {
        stream.write(`  ${status}\n`);
        lastPrinted = status;
      }
    },
    done() {
      clear();
      status = '';
    },
  };
}
