// `ship logs [--since 10m] [--follow] [--filter PATTERN]`: the CloudWatch
// logs of the environment's tasks, each line prefixed with its container/task.
// `--follow` polls FilterLogEvents and prints each event once.
import { explainAwsError } from '../aws/aws-context.js';
import { readLogEvents } from '../aws/logs.js';
import { UserError } from '../errors.js';
import { formatLogLine, startFollowing, takeNewEvents } from '../ops/log-follow.js';
import { parseSince } from '../ops/log-since.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, logsFlags } from './index.js';
import { resolveServiceTarget } from './service-target.js';

export default async function logs(args: CommandArgs<typeof logsFlags>, io: CommandIo): Promise<void> {
  const since = parseSince(args.since, Date.now());
  const limit = positiveNumber(args.limit, '--limit');
  const intervalMs = positiveNumber(args.interval, '--interval') * 1000;
  const target = await resolveServiceTarget(args, io);
  const logGroup = target.names.logGroup;
  const query = { logGroup, filterPattern: args.filter, limit };
  const out = io.stdout;
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
      io.stderr.write(`(showing the newest ${limit} lines; narrow --since or --filter, or raise --limit)\n`);
    }
    if (!args.follow) return;

    let stopping = false;
    let wake = () => {};
    const stopListening = io.onInterrupt(() => {
      stopping = true;
      wake();
    });
    try {
      while (!stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, intervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (stopping) break;
        const read = await readLogEvents(target.context, { ...query, startTime: state.startTime });
        if (!read.found) continue;
        const next = takeNewEvents(state, read.events);
        state = next.next;
        for (const event of next.fresh) out.write(`${formatLogLine(event)}\n`);
      }
    } finally {
      stopListening();
    }
  } catch (error) {
    throw explainAwsError(error, target.context);
  }
}

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new UserError(`${flag} ${JSON.stringify(text)}: expected a number > 0`);
  return n;
}
