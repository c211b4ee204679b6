// CloudWatch Logs: the environment's log group and reading its lines.
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '../ops/log-follow.js';
import { keepNewest, newestFirstSpans, type TimeSpan } from '../ops/log-newest.js';
import { type AwsContext, isNotFound, serviceClient, type Tags } from './aws-context.js';

export interface LogGroup {
  name: string;
  arn: string;
  retentionDays?: number;
  tags: Tags;
}

const logs = (context: AwsContext): CloudWatchLogsClient => serviceClient(context, CloudWatchLogsClient);

/** Log groups whose names start with `prefix` (all pages), with their tags. */
export async function describeLogGroups(context: AwsContext, prefix: string): Promise<LogGroup[]> {
  const out: LogGroup[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs(context).send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }),
    );
    for (const group of page.logGroups ?? []) {
      if (!group.logGroupName) continue;
      // DescribeLogGroups gives the ARN with a ":*" suffix; tagging APIs want it without.
      const arn = (group.logGroupArn ?? group.arn ?? '').replace(/:\*$/, '');
      const tags = arn
        ? ((await logs(context).send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? {})
        : {};
      const found: LogGroup = { name: group.logGroupName, arn, tags };
      if (group.retentionInDays !== undefined) found.retentionDays = group.retentionInDays;
      out.push(found);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

export async function findLogGroup(context: AwsContext, name: string): Promise<LogGroup | undefined> {
  try {
    return (await describeLogGroups(context, name)).find((g) => g.name === name);
  } catch (error) {
    if (isNotFound(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

export async function createLogGroup(
  context: AwsContext,
  options: { name: string; retentionDays: number; tags: Tags },
): Promise<void> {
  try {
    await logs(context).send(new CreateLogGroupCommand({ logGroupName: options.name, tags: options.tags }));
  } catch (error) {
    // An earlier run created it but stopped before the retention was set.
    if (!isNotFound(error, 'ResourceAlreadyExistsException')) throw error;
  }
  await setLogRetention(context, options.name, options.retentionDays);
}

export async function setLogRetention(
  context: AwsContext,
  name: string,
  retentionDays: number,
): Promise<void> {
  await logs(context).send(
    new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: retentionDays }),
  );
}

export async function deleteLogGroup(context: AwsContext, name: string): Promise<void> {
  await logs(context).send(new DeleteLogGroupCommand({ logGroupName: name }));
}

/** The last `limit` lines of one log stream, oldest first; none when the stream does not exist. */
export async function lastLogLines(
  context: AwsContext,
  options: { group: string; stream: string; limit: number },
): Promise<string[]> {
  try {
    const out = await logs(context).send(
      new GetLogEventsCommand({
        logGroupName: options.group,
        logStreamName: options.stream,
        limit: options.limit,
        startFromHead: false,
      }),
    );
    return (out.events ?? []).map((e) => (e.message ?? '').replace(/\n$/, ''));
  } catch (error) {
    if (isNotFound(error, 'ResourceNotFoundException')) return [];
    throw error;
  }
}

export interface LogQuery {
  logGroup: string;
  /** Only streams starting with this (the awslogs stream prefix). */
  streamPrefix?: string | undefined;
  /** Epoch milliseconds, inclusive. */
  startTime: number;
  /** Epoch milliseconds, inclusive (default: now). */
  endTime?: number;
  /** CloudWatch Logs filter pattern, e.g. `ERROR` or `"GET /api"`. */
  filterPattern?: string | undefined;
  /** At most this many events: the newest ones (see `ship logs --limit`). */
  limit: number;
}

/** `truncated`: older events in the window were left out to keep `limit`. */
export type LogRead = { found: true; events: LogEvent[]; truncated: boolean } | { found: false };

/**
 * The newest `limit` events matching the query, oldest first. Reads the window newest span first
 * (src/ops/log-newest.ts), following every page of a span and keeping only what is still wanted.
 */
export async function readLogEvents(context: AwsContext, query: LogQuery): Promise<LogRead> {
  let kept: LogEvent[] = [];
  let truncated = false;
  const spans = newestFirstSpans(query.startTime, query.endTime ?? Date.now());
  try {
    for (const span of spans) {
      const wanted = query.limit - kept.length;
      if (wanted <= 0) {
        truncated = true;
        break;
      }
      const read = await readSpan(context, query, span, wanted);
      truncated ||= read.dropped;
      kept = [...read.events, ...kept];
    }
  } catch (error) {
    if (isNotFound(error, 'ResourceNotFoundException')) return { found: false };
    throw error;
  }
  return { found: true, events: kept, truncated };
}

/** Every page of one span, keeping the newest `wanted` events. */
async function readSpan(context: AwsContext, query: LogQuery, span: TimeSpan, wanted: number) {
  let events: LogEvent[] = [];
  let seen = 0;
  let nextToken: string | undefined;
  do {
    const page = await logs(context).send(
      new FilterLogEventsCommand({
        logGroupName: query.logGroup,
        logStreamNamePrefix: query.streamPrefix,
        startTime: span.startTime,
        endTime: span.endTime,
        filterPattern: query.filterPattern,
        nextToken,
      }),
    );
    const fresh: LogEvent[] = [];
    for (const e of page.events ?? []) {
      if (!e.eventId || e.timestamp === undefined) continue;
      fresh.push({
        eventId: e.eventId,
        logStreamName: e.logStreamName ?? '',
        timestamp: e.timestamp,
        message: e.message ?? '',
      });
    }
    seen += fresh.length;
    events = keepNewest(events, fresh, wanted);
    nextToken = page.nextToken;
  } while (nextToken);
  return { events, dropped: seen > events.length };
}
