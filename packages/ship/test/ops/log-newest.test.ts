import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/ops/log-follow.js';
import { keepNewest, newestFirstSpans } from '../../src/ops/log-newest.js';

const event = (timestamp: number): LogEvent => ({
  eventId: `e${timestamp}`,
  logStreamName: 's',
  timestamp,
  message: `line ${timestamp}`,
});

describe('newestFirstSpans', () => {
  it('covers [since, now] without gaps or overlap, newest first, each span four times longer', () => {
    const spans = newestFirstSpans(0, 99, 4);
    expect(spans).toEqual([
      { startTime: 96, endTime: 99 },
      { startTime: 80, endTime: 95 },
      { startTime: 16, endTime: 79 },
      { startTime: 0, endTime: 15 },
    ]);
  });

  it('is one span when the window is shorter than the first', () => {
    expect(newestFirstSpans(1000, 1100)).toEqual([{ startTime: 1000, endTime: 1100 }]);
  });

  it('needs few spans for a long window (an hour of --since: 3)', () => {
    expect(newestFirstSpans(0, 3_600_000)).toHaveLength(3);
  });
});

describe('keepNewest', () => {
  it('keeps the newest `limit` across pages, oldest first, whatever order the pages come in', () => {
    let kept: LogEvent[] = [];
    for (const page of [
      [1, 2, 3],
      [7, 4],
      [5, 6],
    ])
      kept = keepNewest(kept, page.map(event), 3);
    expect(kept.map((e) => e.timestamp)).toEqual([5, 6, 7]);
  });

  it('keeps nothing for a limit of 0', () => {
    expect(keepNewest([event(1)], [event(2)], 0)).toEqual([]);
  });
});
