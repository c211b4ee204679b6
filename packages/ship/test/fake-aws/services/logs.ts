// CloudWatch Logs (awsJson1_1, target Logs_20140328). Tasks write their lines
// through ../task-logs.ts; this answers the reads.
import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import type { ServiceDefinition } from '../server.js';
import { type FakeState, type LogEvent, type LogGroup, mergeTags, removeTags, type Tag } from '../state.js';
import { createLogGroup } from '../task-logs.js';

const retentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function mapTags(p: Params, key: string): Tag[] {
  const raw = p.value(key);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
  return Object.entries(raw).map(([k, v]) => ({ key: k, value: String(v) }));
}

const tagMap = (tags: Tag[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

/** Filter patterns, simply: every term (quoted or bare) must occur in the message. */
export function matchesFilter(message: string, pattern: string | undefined): boolean {
  if (!pattern?.trim()) return true;
  const terms = pattern.match(/"[^"]*"|\S+/g) ?? [];
  return terms.every((term) => message.includes(term.replace(/^"|"$/g, '')));
}

function token(prefix: string, index: number): string {
  return `${prefix}/${String(index).padStart(56, '0')}`;
}

function tokenIndex(text: string | undefined): number | undefined {
  return text ? Number(text.split('/')[1]) : undefined;
}

export function logsService(state: FakeState): ServiceDefinition {
  const notFound = () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');

  function group(p: Params, forRead = false): LogGroup {
    const identifier = p.optStr('logGroupIdentifier');
    const name = identifier
      ? identifier.replace(/^arn:[^:]+:logs:[^:]*:\d+:log-group:/, '').replace(/:\*$/, '')
      : p.str('logGroupName');
    const found = state.logs.groups.get(name);
    if (!found || (forRead && !state.visible(found))) throw notFound();
    return found;
  }

  function byArn(arn: string): LogGroup {
    const name = arn.replace(/^arn:[^:]+:logs:[^:]*:\d+:log-group:/, '').replace(/:\*$/, '');
    const found = state.logs.groups.get(name);
    if (!found) throw notFound();
    return found;
  }

  function view(g: LogGroup) {
    const bytes = [...g.streams.values()].reduce(
      (sum, s) => sum + s.events.reduce((n, e) => n + e.message.length, 0),
      0,
    );
    return {
      logGroupName: g.name,
      creationTime: g.createdAt.getTime(),
      retentionInDays: g.retentionInDays,
      metricFilterCount: 0,
      arn: `${g.arn}:*`,
      logGroupArn: g.arn,
      storedBytes: bytes,
      logGroupClass: 'STANDARD',
    };
  }

  function checkRetention(days: number | undefined): void {
    if (days !== undefined && !retentionDays.includes(days)) {
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${retentionDays.join(', ')}]`,
      );
    }
  }

  return {
    name: 'logs',
    protocol: 'json',
    target: 'Logs_20140328',
    invalidCode: 'InvalidParameterException',
    throttleCode: 'ThrottlingException',
    handlers: {
      CreateLogGroup: (p) => {
        const name = p.str('logGroupName');
        if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
          throw new AwsError('InvalidParameterException', `Invalid log group name: ${name}`);
        }
        if (state.logs.groups.has(name)) {
          throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
        }
        createLogGroup(state, name).tags = mapTags(p, 'tags');
        return {};
      },
      DescribeLogGroups: (p) => {
        const prefix = p.optStr('logGroupNamePrefix') ?? '';
        const pattern = p.optStr('logGroupNamePattern');
        const groups = [...state.logs.groups.values()]
          .filter(
            (g) => state.visible(g) && g.name.startsWith(prefix) && (!pattern || g.name.includes(pattern)),
          )
          .sort((a, b) => a.name.localeCompare(b.name));
        const start = Number(p.optStr('nextToken') ?? 0);
        const limit = p.optNum('limit') ?? 50;
        const more = start + limit < groups.length;
        return {
          logGroups: groups.slice(start, start + limit).map(view),
          nextToken: more ? String(start + limit) : undefined,
        };
      },
      DeleteLogGroup: (p) => {
        state.logs.groups.delete(group(p).name);
        return {};
      },
      PutRetentionPolicy: (p) => {
        const g = group(p);
        const days = p.num('retentionInDays');
        checkRetention(days);
        g.retentionInDays = days;
        return {};
      },
      DeleteRetentionPolicy: (p) => {
        group(p).retentionInDays = undefined;
        return {};
      },
      CreateLogStream: (p) => {
        const g = group(p);
        const name = p.str('logStreamName');
        if (g.streams.has(name)) {
          throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
        }
        g.streams.set(name, { name, createdAt: new Date(), events: [] });
        return {};
      },
      PutLogEvents: (p) => {
        const g = group(p);
        const stream = g.streams.get(p.str('logStreamName'));
        if (!stream)
          throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
        for (const e of p.list('logEvents')) {
          const timestamp = e.num('timestamp');
          stream.events.push({
            timestamp,
            ingestionTime: Date.now(),
            message: e.str('message'),
            eventId: state.digits(56),
          });
        }
        return { nextSequenceToken: state.digits(56) };
      },
      DescribeLogStreams: (p) => {
        const g = group(p, true);
        const prefix = p.optStr('logStreamNamePrefix') ?? '';
        const streams = [...g.streams.values()].filter((s) => s.name.startsWith(prefix));
        if (p.optStr('orderBy') === 'LastEventTime') {
          streams.sort((a, b) => (a.events.at(-1)?.timestamp ?? 0) - (b.events.at(-1)?.timestamp ?? 0));
        } else streams.sort((a, b) => a.name.localeCompare(b.name));
        if (p.optBool('descending')) streams.reverse();
        return {
          logStreams: streams.slice(0, p.optNum('limit') ?? 50).map((s) => ({
            logStreamName: s.name,
            creationTime: s.createdAt.getTime(),
            firstEventTimestamp: s.events[0]?.timestamp,
            lastEventTimestamp: s.events.at(-1)?.timestamp,
            lastIngestionTime: s.events.at(-1)?.ingestionTime,
            arn: `${g.arn}:log-stream:${s.name}`,
            storedBytes: 0,
          })),
        };
      },
      GetLogEvents: (p) => {
        const g = group(p, true);
        const stream = g.streams.get(p.str('logStreamName'));
        if (!stream)
          throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
        const startTime = p.optNum('startTime') ?? 0;
        const endTime = p.optNum('endTime') ?? Number.POSITIVE_INFINITY;
        const events = stream.events.filter((e) => e.timestamp >= startTime && e.timestamp < endTime);
        const limit = p.optNum('limit') ?? 10_000;
        const from = tokenIndex(p.optStr('nextToken'));
        const start = from ?? (p.optBool('startFromHead') ? 0 : Math.max(0, events.length - limit));
        const slice = events.slice(start, start + limit);
        return {
          events: slice.map((e) => ({
            timestamp: e.timestamp,
            message: e.message,
            ingestionTime: e.ingestionTime,
          })),
          nextForwardToken: token('f', start + slice.length),
          nextBackwardToken: token('b', Math.max(0, start - limit)),
        };
      },
      FilterLogEvents: (p) => {
        const g = group(p, true);
        const names = p.strs('logStreamNames');
        const prefix = p.optStr('logStreamNamePrefix') ?? '';
        const startTime = p.optNum('startTime') ?? 0;
        const endTime = p.optNum('endTime') ?? Number.POSITIVE_INFINITY;
        const pattern = p.optStr('filterPattern');
        const streams = [...g.streams.values()].filter(
          (s) => (names.length === 0 || names.includes(s.name)) && s.name.startsWith(prefix),
        );
        const events: (LogEvent & { logStreamName: string })[] = streams
          .flatMap((s) => s.events.map((e) => ({ ...e, logStreamName: s.name })))
          .filter(
            (e) => e.timestamp >= startTime && e.timestamp <= endTime && matchesFilter(e.message, pattern),
          )
          .sort((a, b) => a.timestamp - b.timestamp);
        // [logs-filter-pages] a page holds at most `limit` (default 10,000) events and 1 MB.
        const start = Number(p.optStr('nextToken') ?? 0);
        const limit = p.optNum('limit') ?? 10_000;
        let end = start;
        let bytes = 0;
        while (end < events.length && end - start < limit) {
          bytes += Buffer.byteLength(events[end]?.message ?? '') + 26;
          if (bytes > 1_048_576 && end > start) break;
          end += 1;
        }
        const more = end < events.length;
        return {
          events: events.slice(start, end),
          searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
          nextToken: more ? String(end) : undefined,
        };
      },
      ListTagsLogGroup: (p) => ({ tags: tagMap(group(p).tags) }),
      TagLogGroup: (p) => {
        const g = group(p);
        g.tags = mergeTags(g.tags, mapTags(p, 'tags'));
        return {};
      },
      UntagLogGroup: (p) => {
        const g = group(p);
        g.tags = removeTags(g.tags, p.strs('tags'));
        return {};
      },
      ListTagsForResource: (p) => ({ tags: tagMap(byArn(p.str('resourceArn')).tags) }),
      TagResource: (p) => {
        const g = byArn(p.str('resourceArn'));
        g.tags = mergeTags(g.tags, mapTags(p, 'tags'));
        return {};
      },
      UntagResource: (p) => {
        const g = byArn(p.str('resourceArn'));
        g.tags = removeTags(g.tags, p.strs('tagKeys'));
        return {};
      },
    },
  };
}
