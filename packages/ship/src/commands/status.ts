// `ship status`: the service, its tasks and deployments (revisions, image
// digests), recent events, target health, URL and monthly cost. `--json`
// prints the stable shape documented in the README ("ship status").
import { explainAwsError } from '../aws/aws-context.js';
import { monthlyCost } from '../deploy/fargate-price.js';
import { readServiceStatus } from '../operate/service-status.js';
import type { CostView, ServiceStatus } from '../ops/status-view.js';
import { renderStatus, statusJson } from '../ops/status-view.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, statusFlags } from './index.js';
import { nextSteps, resolveServiceTarget, type ServiceTarget } from './service-target.js';

export default async function status(args: CommandArgs<typeof statusFlags>, io: CommandIo): Promise<void> {
  const target = await resolveServiceTarget(args, io);
  let status: ServiceStatus;
  try {
    status = await readStatus(target);
  } catch (error) {
    throw explainAwsError(error, target.context);
  }
  if (args.json) {
    io.stdout.write(`${JSON.stringify(statusJson(status), null, 2)}\n`);
    return;
  }
  io.stdout.write(renderStatus(status, Date.now()));
  if (status.status === 'MISSING') {
    io.stderr.write(nextSteps(`ship deploy --env ${target.env}`, 'ship env list'));
  } else {
    io.stderr.write(
      nextSteps(`ship logs --env ${target.env} --since 10m`, `ship rollback --env ${target.env}`),
    );
  }
}

async function readStatus(target: ServiceTarget): Promise<ServiceStatus> {
  const { names, context, config } = target;
  const reading = await readServiceStatus({
    context,
    target: { app: target.app, env: target.env },
    names,
    region: config.region,
    ...(config.domain ? { domain: config.domain } : {}),
  });
  const { size, targetGroupArn: _tg, loadBalancerArn: _lb, ...rest } = reading;
  return {
    ...rest,
    app: target.app,
    env: target.env,
    region: config.region,
    cost: size ? costOf(config.region, size, reading.desired, reading.targets !== undefined) : undefined,
  };
}

/** The current size and task count, priced with deploy's Fargate table, and what ARM64 would cost. */
function costOf(
  region: string,
  size: { cpu: number; memory: number; platform: 'X86_64' | 'ARM64' },
  tasks: number,
  behindLoadBalancer: boolean,
): CostView | undefined {
  const input = {
    region,
    size,
    tasks,
    loadBalancer: behindLoadBalancer ? ('alb' as const) : ('none' as const),
  };
  const current = monthlyCost({ ...input, platform: size.platform });
  if (current.fargate === undefined) return undefined;
  const arm = size.platform === 'ARM64' ? undefined : monthlyCost({ ...input, platform: 'ARM64' });
  return {
    tasks,
    cpu: size.cpu,
    memoryMiB: size.memory,
    platform: size.platform,
    monthlyUsd: current.fargate + current.frontDoor,
    arm64MonthlyUsd: arm?.fargate === undefined ? undefined : arm.fargate + arm.frontDoor,
    priceDate: current.tableDate,
  };
}
