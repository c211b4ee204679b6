// `ship logs --limit N` shows the newest N lines of the window. FilterLogEvents pages oldest
// first and has no reverse order, so stopping after N events shows the oldest N. Instead the
// window is read newest part first: the last few minutes, then spans four times longer each going
// back, until N lines are kept or `--since` is reached. Within a span every page is read, but
// only the newest lines still wanted are kept, so memory stays at N lines whatever the volume.
import type { LogEvent } from './log-follow.js';

export interface TimeSpan {
  /** Epoch milliseconds, inclusive. */
  startTime: number;
  /** Epoch milliseconds, inclusive. */
  endTime: number;
}

export const firstSpanMs = 5 * 60_000;

/** Spans covering [since, now], newest first, each four times the one before. */
export function newestFirstSpans(since: number, now: number, firstMs = firstSpanMs): TimeSpan[] {
  const spans: TimeSpan[] = [];
  let end = now;
  let length = firstMs;
  while (end >= since) {
    const start = Math.max(since, end - length + 1);
    spans.push({ startTime: start, endTime: end });
    end = start - 1;
    length *= 4;
  }
  return spans;
}

// Stable: events of the same millisecond keep the order CloudWatch gave them (ingestion order).
const byTime = (a: LogEvent, b: LogEvent) => a.timestamp - b.timestamp;

/** Adds a page to the lines kept, keeping the newest `limit`, oldest first. */
export function keepNewest(kept: readonly LogEvent[], page: readonly LogEvent[], limit: number): LogEvent[] {
  if (limit <= 0) return [];
  const all = [...kept, ...page].sort(byTime);
  return all.length > limit ? all.slice(all.length - limit) : all;
}
