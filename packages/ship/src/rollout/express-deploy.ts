// The last step of `ship deploy` for "target": "express": create or update
// the Express service on the task definition deploy chose (or only wait for
// a rollout under way), through deploy's own path (deploy-service: the same
// poller, verdict and failure explanation, on the ECS service Express Mode
// runs), then read the HTTPS endpoint Express Mode gave it.
import type { AwsContext } from '../aws/aws-context.js';
import {
  createExpressService,
  describeExpressService,
  type ExpressServiceSpec,
  updateExpressService,
} from '../aws/ecs.js';
import type { ShipConfig } from '../config/schema.js';
import { expressScaling } from '../deploy/express-service.js';
import {
  type Account,
  type ResourceNames,
  resourceArns,
  shipTags,
  type Target,
  tagKeys,
} from '../deploy/naming.js';
import type { Plan } from '../deploy/plan.js';
import { revisionName } from '../deploy/task-definition.js';
import type { ProgressRenderer } from '../progress/rollout-progress.js';
import { type DeployOutcome, deployService } from './deploy-service.js';

export interface ExpressDeployOptions {
  context: AwsContext;
  config: ShipConfig;
  names: ResourceNames;
  target: Target;
  account: Account;
  plan: Plan;
  taskDefinition: string;
  infrastructureRoleArn: string;
  wait: boolean;
  renderer: ProgressRenderer;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

/** The Express service as the config asks for it. */
export function expressServiceSpec(
  p: Pick<ExpressDeployOptions, 'config' | 'names' | 'target' | 'infrastructureRoleArn' | 'taskDefinition'>,
): ExpressServiceSpec {
  return {
    cluster: p.names.cluster,
    name: p.names.service,
    infrastructureRoleArn: p.infrastructureRoleArn,
    taskDefinition: p.taskDefinition,
    healthCheckPath: p.config.healthCheckPath,
    scaling: expressScaling(p.config),
    ...(p.config.network ? { subnets: p.config.network.subnetIds } : {}),
    tags: { ...shipTags(p.target, 'env'), [tagKeys.target]: 'express' },
  };
}

/** Rolls the Express service onto `taskDefinition`; undefined when the plan said nothing changes. */
export async function deployExpress(
  options: ExpressDeployOptions,
): Promise<{ outcome?: DeployOutcome; url?: string }> {
  const { context, names, plan, taskDefinition } = options;
  const serviceArn = resourceArns(options.account, options.config.region, names).service;
  const spec = expressServiceSpec(options);
  const revision = revisionName(taskDefinition);
  const action = plan.service.action;
  if (action === 'none') return urlOf(context, serviceArn);
  const outcome = await deployService({
    context,
    cluster: names.cluster,
    service: names.service,
    taskDefinition,
    change:
      action === 'wait'
        ? { kind: 'wait' }
        : {
            kind: 'express',
            apply: async () => {
              if (action === 'create') {
                await createExpressService(context, spec);
                return `created Express service ${names.service} on ${revision}`;
              }
              await updateExpressService(context, serviceArn, spec);
              return `updated Express service ${names.service} to ${revision}${plan.service.action === 'update' ? ` (${plan.service.changes.join('; ')})` : ''}`;
            },
          },
    wait: options.wait,
    renderer: options.renderer,
    logs: { group: names.logGroup, streamPrefix: options.config.environment, container: names.container },
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return { outcome, ...(outcome.state === 'succeeded' ? await urlOf(context, serviceArn) : {}) };
}

async function urlOf(context: AwsContext, serviceArn: string): Promise<{ url?: string }> {
  const endpoint = (await describeExpressService(context, serviceArn))?.endpoint;
  return endpoint ? { url: endpoint } : {};
}
