// `ship logs --follow` polls CloudWatch Logs FilterLogEvents. Events are
// ingested late and out of order, so each poll asks again from a little
// before the newest event seen and drops the events already printed (by
// event id). This model keeps that window; the edge does the polling.

export interface LogEvent {
  eventId: string;
  logStreamName: string;
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
}

export interface FollowState {
  /** Ask FilterLogEvents for events from this time (epoch ms). */
  startTime: number;
  /** Event ids already printed, with their timestamps, within the overlap window. */
  seen: ReadonlyMap<string, number>;
}

/** How far back each poll looks again for late-ingested events. */
export const overlapMs = 30_000;

export function startFollowing(since: number): FollowState {
  return { startTime: since, seen: new Map() };
}

/** The events not printed yet (oldest first) and the state for the next poll. */
export function takeNewEvents(
  state: FollowState,
  events: readonly LogEvent[],
): { fresh: LogEvent[]; next: FollowState } {
  const seen = new Map(state.seen);
  const fresh: LogEvent[] = [];
  for (const event of [...events].sort(byTime)) {
    if (seen.has(event.eventId)) continue;
    seen.set(event.eventId, event.timestamp);
    fresh.push(event);
  }
  const newest = Math.max(state.startTime, ...[...seen.values()]);
  const startTime = Math.max(state.startTime, newest - overlapMs);
  for (const [id, at] of seen) if (at < startTime) seen.delete(id);
  return { fresh, next: { startTime, seen } };
}

/** By time; events of the same millisecond keep the order CloudWatch returned them in (the sort is stable). */
function byTime(a: LogEvent, b: LogEvent): number {
  return a.timestamp - b.timestamp;
}

/**
 * The awslogs driver names streams `<prefix>/<container>/<task id>`; a line
 * starts with the short task id (and the container when there are several)
 * so interleaved tasks can be told apart.
 */
export function streamLabel(logStreamName: string): string {
  const parts = logStreamName.split('/');
  if (parts.length >= 3) {
    const task = parts[parts.length - 1]!;
    const container = parts[parts.length - 2]!;
    return `${container}/${task.slice(0, 8)}`;
  }
  return logStreamName.length > 20 ? logStreamName.slice(-20) : logStreamName;
}

export function formatLogLine(event: LogEvent): string {
  const at = new Date(event.timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${streamLabel(event.logStreamName)} ${at} ${event.message.replace(/\n+$/, '')}`;
}
