// `ship logs [--since 10m] [--follow] [--filter PATTERN]`: the CloudWatch
// logs of the environment's tasks, each line prefixed with its container/task.
// `--follow` polls FilterLogEvents and prints each event once.
import { setTimeout as sleep } from 'node:timers/promises';
import { defineCommand } from 'citty';
import { explainAwsError } from '../aws/aws-context.js';
import { readLogEvents } from '../aws/logs.js';
import { UserError } from '../errors.js';
import { formatLogLine, startFollowing, takeNewEvents } from '../ops/log-follow.js';
import { parseSince } from '../ops/log-since.js';
import { resolveServiceTarget, targetArgs } from './service-target.js';

export default defineCommand({
  meta: {
    name: 'logs',
    description: "Show the environment's logs (CloudWatch Logs); --follow to keep printing.",
  },
  args: {
    ...targetArgs,
    since: {
      type: 'string',
      default: '10m',
      description: 'From when: 30s, 10m, 2h, 1h30m, 3d, or an ISO date/time',
    },
    follow: {
      type: 'boolean',
      alias: 'f',
      description: 'Keep printing new lines until interrupted (Ctrl-C)',
    },
    filter: { type: 'string', description: 'CloudWatch Logs filter pattern, e.g. ERROR or "GET /api"' },
    limit: { type: 'string', default: '1000', description: 'At most this many lines before following' },
    interval: { type: 'string', default: '2', description: 'Seconds between polls with --follow' },
  },
  async run({ args }) {
    const since = parseSince(args.since, Date.now());
    const limit = positiveNumber(args.limit, '--limit');
    const intervalMs = positiveNumber(args.interval, '--interval') * 1000;
    const target = await resolveServiceTarget(args);
    const logGroup = target.names.logGroup;
    const query = { logGroup, filterPattern: args.filter, limit };
    const out = process.stdout;
    try {
      const first = await readLogEvents(target.context, { ...query, startTime: since });
      if (!first.found) {
        throw new UserError(
          `no logs for ${target.app} · ${target.env}: log group ${logGroup} does not exist`,
          `deploy it first with \`ship deploy --env ${target.env}\`, or see \`ship env list\``,
        );
      }
      let state = startFollowing(since);
      const taken = takeNewEvents(state, first.events);
      state = taken.next;
      for (const event of taken.fresh) out.write(`${formatLogLine(event)}\n`);
      if (first.truncated && !args.follow) {
        process.stderr.write(
          `(showing the first ${limit} lines; narrow --since or --filter, or raise --limit)\n`,
        );
      }
      if (!args.follow) return;

      let stopping = false;
      const stop = () => {
        stopping = true;
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      while (!stopping) {
        await sleep(intervalMs);
        if (stopping) break;
        const read = await readLogEvents(target.context, { ...query, startTime: state.startTime });
        if (!read.found) continue;
        const next = takeNewEvents(state, read.events);
        state = next.next;
        for (const event of next.fresh) out.write(`${formatLogLine(event)}\n`);
      }
    } catch (error) {
      throw explainAwsError(error, target.context);
    }
  },
});

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new UserError(`${flag} ${JSON.stringify(text)}: expected a number > 0`);
  return n;
}
