// `ship rollback [--to <revision>]`: point the service back at an earlier
// task-definition revision (default: the last one whose deployment completed)
// and wait exactly as deploy does — same service update, same poller, same
// judgement. Says "rolled back to family:12"; exits non-zero when the rollback
// itself does not complete.
import { defineCommand } from 'citty';
import { explainAwsError } from '../aws/aws-context.js';
import { findService, setServiceTaskDefinition, taskDefinitionRevisions } from '../aws/ecs.js';
import { UserError } from '../errors.js';
import { deploymentHistory } from '../operate/deployment-history.js';
import { chooseRollbackTarget, parseRevision, type RollbackTarget } from '../ops/rollback-target.js';
import { createProgressRenderer } from '../wait/progress-renderer.js';
import { createRolloutPoller, waitForRollout } from '../wait/rollout-poller.js';
import { nextSteps, resolveServiceTarget, type ServiceTarget, targetArgs } from './service-target.js';

export default defineCommand({
  meta: {
    name: 'rollback',
    description: 'Go back to an earlier revision (default: the last that completed) and wait until it runs.',
  },
  args: {
    ...targetArgs,
    to: { type: 'string', description: 'Revision to go back to, e.g. 12 or <family>:12' },
    'no-wait': { type: 'boolean', description: 'Return once ECS accepted the update' },
    timeout: { type: 'string', default: '20', description: 'Minutes to wait for the rollback to complete' },
    json: { type: 'boolean', description: 'Print the result as JSON on stdout' },
  },
  async run({ args }) {
    const timeoutMinutes = Number(args.timeout);
    if (!(timeoutMinutes > 0))
      throw new UserError(`--timeout ${JSON.stringify(args.timeout)}: expected minutes > 0`);
    const target = await resolveServiceTarget(args);
    const to = args.to === undefined ? undefined : parseRevision(args.to, target.names.family);
    try {
      await rollback(target, {
        to,
        wait: !args['no-wait'],
        timeoutMs: timeoutMinutes * 60_000,
        json: !!args.json,
      });
    } catch (error) {
      throw explainAwsError(error, target.context);
    }
  },
});

interface RollbackOptions {
  to: number | undefined;
  wait: boolean;
  timeoutMs: number;
  json: boolean;
}

async function rollback(target: ServiceTarget, options: RollbackOptions): Promise<void> {
  const { context, names, env } = target;
  const service = await findService(context, names.cluster, names.service);
  if (!service) {
    throw new UserError(
      `no service ${names.service} in cluster ${names.cluster} (${target.app} · ${env})`,
      'see `ship env list`, or deploy with `ship deploy`',
    );
  }
  const arns = await taskDefinitionRevisions(context, names.family);
  const arnOf = new Map(arns.map((arn) => [Number(arn.split(':').pop()), arn]));
  const history = await deploymentHistory(context, names.cluster, names.service);
  const choice: RollbackTarget = chooseRollbackTarget(
    {
      family: names.family,
      current: history.current,
      history: history.records,
      registered: [...arnOf.keys()],
      historyKnown: history.historyKnown,
    },
    options.to,
  );
  const arn = arnOf.get(choice.revision)!;
  const progress = createProgressRenderer(process.stderr, { quiet: options.json });
  progress.line(`rolling back ${names.service} to ${choice.taskDefinition}: ${choice.why}`);
  const knownEventIds = service.snapshot.events.map((e) => e.id);
  await setServiceTaskDefinition(context, {
    cluster: names.cluster,
    service: names.service,
    taskDefinition: arn,
  });

  const result = (state: string, extra: Record<string, unknown> = {}) => {
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ app: target.app, env, service: names.service, taskDefinition: choice.taskDefinition, revision: choice.revision, state, ...extra })}\n`,
      );
    }
  };
  if (!options.wait) {
    progress.line(`ECS accepted the update; follow it with \`ship status --env ${env}\``);
    result('accepted');
    return;
  }
  const targetGroupArn = service.targetGroupArns[0];
  const poller = createRolloutPoller({
    context,
    cluster: names.cluster,
    service: names.service,
    taskDefinition: arn,
    ...(targetGroupArn ? { targetGroupArn } : {}),
    intervalMs: pollIntervalMs(),
    knownEventIds,
  });
  const waited = await waitForRollout(poller, {
    timeoutMs: options.timeoutMs,
    onPoll: (r) => progress.onPoll(r),
  });
  progress.done();
  if (waited.timedOut) {
    result('timed-out');
    throw new UserError(
      `rollback to ${choice.taskDefinition} did not complete within ${options.timeoutMs / 60_000} minutes`,
      `check \`ship status --env ${env}\` and \`ship logs --env ${env}\``,
    );
  }
  const verdict = waited.verdict;
  if (verdict.state === 'succeeded') {
    result('succeeded');
    if (!options.json) process.stdout.write(`rolled back to ${choice.taskDefinition}\n`);
    process.stderr.write(nextSteps(`ship status --env ${env}`, `ship logs --env ${env} --since 10m`));
    return;
  }
  const reason =
    verdict.state === 'rolled-back'
      ? `${verdict.reason}; ECS now runs ${verdict.runningRevision.split('/').pop()}`
      : verdict.state === 'failed'
        ? verdict.reason
        : 'the rollout stopped before completing';
  result(verdict.state, { reason });
  throw new UserError(
    `rollback to ${choice.taskDefinition} failed: ${reason}`,
    `see \`ship logs --env ${env} --since 15m\`; try another revision with \`ship rollback --to <revision>\``,
  );
}

/** How often the rollout is polled (deploy's default; SHIP_POLL_INTERVAL_MS for tests against a local endpoint). */
function pollIntervalMs(): number {
  const fromEnv = Number(process.env.SHIP_POLL_INTERVAL_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 5000;
}
