// Reading a service's CloudWatch logs (FilterLogEvents), for `ship logs`.
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '../ops/log-follow.js';
import { type AwsContext, clientConfig } from './aws-context.js';

export interface LogQuery {
  logGroup: string;
  /** Only streams starting with this (the awslogs stream prefix). */
  streamPrefix?: string | undefined;
  /** Epoch milliseconds, inclusive. */
  startTime: number;
  /** CloudWatch Logs filter pattern, e.g. `ERROR` or `"GET /api"`. */
  filterPattern?: string | undefined;
  /** Stop after this many events (the newest are what a person wants; see `ship logs --limit`). */
  limit: number;
}

export type LogRead = { found: true; events: LogEvent[]; truncated: boolean } | { found: false };

/** All events matching the query, oldest first, following every page up to `limit`. */
export async function readLogEvents(context: AwsContext, query: LogQuery): Promise<LogRead> {
  const logs = new CloudWatchLogsClient(clientConfig(context));
  try {
    return await readWith(logs, query);
  } finally {
    logs.destroy();
  }
}

async function readWith(logs: CloudWatchLogsClient, query: LogQuery): Promise<LogRead> {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: query.logGroup,
          logStreamNamePrefix: query.streamPrefix,
          startTime: query.startTime,
          filterPattern: query.filterPattern,
          nextToken,
        }),
      );
      for (const e of page.events ?? []) {
        if (!e.eventId || e.timestamp === undefined) continue;
        events.push({
          eventId: e.eventId,
          logStreamName: e.logStreamName ?? '',
          timestamp: e.timestamp,
          message: e.message ?? '',
        });
      }
      nextToken = page.nextToken;
    } while (nextToken && events.length < query.limit);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return { found: false };
    throw error;
  }
  events.sort((a, b) => a.timestamp - b.timestamp);
  const truncated = events.length > query.limit || nextToken !== undefined;
  return { found: true, events: events.slice(-query.limit), truncated };
}
