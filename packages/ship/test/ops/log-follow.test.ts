import { describe, expect, it } from 'vitest';
import {
  formatLogLine,
  type LogEvent,
  overlapMs,
  startFollowing,
  streamLabel,
  takeNewEvents,
} from '../../src/ops/log-follow.js';

const t0 = Date.parse('2026-11-26T08:00:00Z');
const ev = (id: string, at: number, message = id): LogEvent => ({
  eventId: id,
  logStreamName: 'ship/web/0123456789abcdef',
  timestamp: at,
  message,
});

describe('takeNewEvents', () => {
  it('prints each event once across overlapping polls, oldest first', () => {
    let state = startFollowing(t0);
    const polls = [
      [ev('b', t0 + 2000), ev('a', t0 + 1000)],
      [ev('a', t0 + 1000), ev('b', t0 + 2000), ev('c', t0 + 3000)],
      [ev('b', t0 + 2000), ev('c', t0 + 3000), ev('late', t0 + 1500)],
      [],
    ];
    const printed: string[][] = [];
    for (const events of polls) {
      const { fresh, next } = takeNewEvents(state, events);
      printed.push(fresh.map((e) => e.eventId));
      state = next;
    }
    expect(printed).toEqual([['a', 'b'], ['c'], ['late'], []]);
  });

  it('moves the start forward to the overlap window and forgets ids before it', () => {
    const first = takeNewEvents(startFollowing(t0), [ev('a', t0 + 1000), ev('z', t0 + overlapMs + 60_000)]);
    expect(first.next.startTime).toBe(t0 + 60_000);
    expect([...first.next.seen.keys()]).toEqual(['z']);
  });

  it('never moves the start before --since', () => {
    const { next } = takeNewEvents(startFollowing(t0), [ev('a', t0 + 10)]);
    expect(next.startTime).toBe(t0);
  });

  it('keeps the order CloudWatch returned for events of the same millisecond', () => {
    const { fresh } = takeNewEvents(startFollowing(t0), [ev('y', t0), ev('x', t0), ev('w', t0 - 1)]);
    expect(fresh.map((e) => e.eventId)).toEqual(['w', 'y', 'x']);
  });
});

describe('formatLogLine', () => {
  it.each([
    ['ship/web/0123456789abcdef', 'web/01234567'],
    ['ecs/app/task/abcdef0123456789', 'task/abcdef01'],
    ['plain-stream', 'plain-stream'],
    ['a-very-long-stream-name-without-slashes', 'name-without-slashes'],
  ])('labels stream %s as %s', (stream, label) => {
    expect(streamLabel(stream)).toBe(label);
  });

  it('prefixes the task and time and drops the trailing newline', () => {
    expect(formatLogLine(ev('a', t0 + 1234, 'listening on :8080\n'))).toBe(
      'web/01234567 2026-11-26T08:00:01Z listening on :8080',
    );
  });
});
