// `ship rollback [--to <revision>]`: a deploy aimed at an earlier revision
// (default: the last one whose deployment completed). It goes down deploy's
// own path (rollout/deploy-service.ts): the same service update, poller,
// verdict and failure explanation (stopped-task reasons, failing health
// checks, last log lines). Says "rolled back to family:12"; exits non-zero
// when the rollback itself does not complete.
import { explainAwsError } from '../aws/aws-context.js';
import { findRepository, imageExists } from '../aws/ecr.js';
import {
  describeTaskDefinition,
  findService,
  pointExpressService,
  taskDefinitionRevisions,
} from '../aws/ecs.js';
import { tagKeys } from '../deploy/naming.js';
import { revisionName } from '../deploy/task-definition.js';
import { UserError } from '../errors.js';
import { deploymentHistory } from '../operate/deployment-history.js';
import { chooseRollbackTarget, parseRevision } from '../ops/rollback-target.js';
import { chooseProgressMode, createProgressDisplay } from '../progress/progress-display.js';
import { rolloutProgress } from '../progress/rollout-progress.js';
import { type DeployOutcome, deployService } from '../rollout/deploy-service.js';
import { protectImageInUse, runningImage } from '../rollout/protect-image.js';
import { pollIntervalMs } from '../wait/poll-interval.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, rollbackFlags } from './index.js';
import { nextSteps, resolveServiceTarget, type ServiceTarget } from './service-target.js';

export default async function rollback(
  args: CommandArgs<typeof rollbackFlags>,
  io: CommandIo,
): Promise<void> {
  const timeoutMinutes = Number(args.timeout);
  if (!(timeoutMinutes > 0))
    throw new UserError(`--timeout ${JSON.stringify(args.timeout)}: expected minutes > 0`);
  const target = await resolveServiceTarget(args, io);
  const to = args.to === undefined ? undefined : parseRevision(args.to, target.names.family);
  let outcome: DeployOutcome;
  let chosen: { taskDefinition: string; revision: number };
  try {
    ({ outcome, chosen } = await rollBack(target, io, {
      to,
      wait: args.wait,
      timeoutMs: timeoutMinutes * 60_000,
      json: Boolean(args.json),
    }));
  } catch (error) {
    throw explainAwsError(error, target.context);
  }
  const { env } = target;
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({
        app: target.app,
        env,
        service: target.names.service,
        taskDefinition: chosen.taskDefinition,
        revision: chosen.revision,
        state: outcome.state,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        ...(outcome.details.length ? { details: outcome.details } : {}),
      })}\n`,
    );
  }
  switch (outcome.state) {
    case 'accepted':
      io.stderr.write(`ECS accepted the update; follow it with \`ship status --env ${env}\`\n`);
      return;
    case 'succeeded':
      if (!args.json) io.stdout.write(`rolled back to ${chosen.taskDefinition}\n`);
      io.stderr.write(nextSteps(`ship status --env ${env}`, `ship logs --env ${env} --since 10m`));
      return;
    case 'timed-out':
      throw new UserError(
        [
          `rollback to ${chosen.taskDefinition} did not complete: ${outcome.reason}`,
          ...indent(outcome.details),
        ].join('\n'),
        `check \`ship status --env ${env}\` and \`ship logs --env ${env}\``,
      );
    default: {
      const reason =
        outcome.state === 'rolled-back'
          ? `${outcome.reason}; ECS now runs ${outcome.runningRevision}`
          : (outcome.reason ?? 'the rollout stopped before completing');
      throw new UserError(
        [`rollback to ${chosen.taskDefinition} failed: ${reason}`, ...indent(outcome.details)].join('\n'),
        `see \`ship logs --env ${env} --since 15m\`; try another revision with \`ship rollback --to <revision>\``,
      );
    }
  }
}

/**
 * The revision rolled back to runs its image again: the lifecycle policy keeps it (and the one
 * it replaces) from expiring. Refuses when ECR already expired the image, before touching the service.
 */
async function keepRollbackImage(
  target: ServiceTarget,
  taskDefinition: string,
  current: string | undefined,
): Promise<string | undefined> {
  const { context, names, env, config } = target;
  const repository = await findRepository(context, names.repository);
  if (!repository) return undefined;
  const [chosen, running] = await Promise.all([
    describeTaskDefinition(context, taskDefinition),
    current ? describeTaskDefinition(context, current) : undefined,
  ]);
  const image = runningImage(chosen, names.container);
  if (!image) return undefined;
  if (image.startsWith(`${repository.uri}@`)) {
    const digest = image.slice(repository.uri.length + 1);
    if (!(await imageExists(context, repository.name, digest))) {
      throw new UserError(
        `cannot roll back to ${revisionName(taskDefinition)}: its image ${image} is no longer in ${repository.name} (expired or deleted)`,
        'roll back to a more recent revision with `ship rollback --to <revision>`, or deploy again with `ship deploy`',
      );
    }
  }
  const kept = await protectImageInUse(context, {
    repository,
    env,
    image,
    previous: runningImage(running, names.container),
    keep: config.keepImages,
  });
  return kept.line;
}

const indent = (lines: string[]) => lines.map((line) => `  ${line}`);

async function rollBack(
  target: ServiceTarget,
  io: CommandIo,
  options: { to: number | undefined; wait: boolean; timeoutMs: number; json: boolean },
) {
  const { context, names, env, config } = target;
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
  const choice = chooseRollbackTarget(
    {
      family: names.family,
      current: history.current,
      history: history.records,
      registered: [...arnOf.keys()],
      historyKnown: history.historyKnown,
    },
    options.to,
  );
  const renderer = rolloutProgress(
    createProgressDisplay(io.stderr, options.json ? 'silent' : chooseProgressMode(io.stderr, io.env)),
  );
  renderer.line(`rolling back ${names.service} to ${choice.taskDefinition}: ${choice.why}`);
  const kept = await keepRollbackImage(target, arnOf.get(choice.revision)!, service.taskDefinition);
  if (kept) renderer.line(kept);
  const targetGroupArn = service.targetGroupArns[0];
  const taskDefinition = arnOf.get(choice.revision)!;
  // An Express service moves through Express Mode (a new service revision with the earlier task
  // definition and today's settings), never behind its back with UpdateService.
  const express = service.tags[tagKeys.target] === 'express';
  const outcome = await deployService({
    context,
    cluster: names.cluster,
    service: names.service,
    taskDefinition,
    change: express
      ? {
          kind: 'express',
          apply: async () => {
            await pointExpressService(context, service.arn, taskDefinition);
            return `pointed Express service ${names.service} at ${choice.taskDefinition}`;
          },
        }
      : { kind: 'revision' },
    wait: options.wait,
    renderer,
    logs: { group: names.logGroup, streamPrefix: config.environment, container: names.container },
    pollIntervalMs: pollIntervalMs(io.env, 5_000),
    timeoutMs: options.timeoutMs,
    ...(targetGroupArn ? { targetGroupArn } : {}),
  });
  return { outcome, chosen: choice };
}
