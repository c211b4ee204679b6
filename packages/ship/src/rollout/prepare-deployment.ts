// Everything `ship plan` shows and `ship deploy` starts from: who we are,
// what exists, the desired task definition and service, and the plan.
import type { AwsContext } from '../aws/aws-context.js';
import type { ServiceSpec } from '../aws/ecs.js';
import { callerAccount } from '../aws/sts.js';
import type { ShipConfig } from '../config/schema.js';
import { expressScaling } from '../deploy/express-service.js';
import {
  type Account,
  type ResourceNames,
  resourceArns,
  resourceNames,
  shipTags,
  type Target,
} from '../deploy/naming.js';
import { type Plan, type PlanInput, planDeployment } from '../deploy/plan.js';
import { ecsDeploymentConfiguration, releaseOf } from '../deploy/release.js';
import { buildTaskDefinition, type TaskDefinition } from '../deploy/task-definition.js';
import { autoscalingChange } from '../ops/autoscaling-policy.js';
import { type Observation, observe, resourceSteps } from './observe.js';
import { tableContext } from './reconcile.js';

export interface PreparedDeployment {
  context: AwsContext;
  config: ShipConfig;
  target: Target;
  names: ResourceNames;
  account: Account;
  observation: Observation;
  /** The image the new task definition refers to (by digest when known). */
  image: string;
  desired: TaskDefinition;
  planInput: PlanInput;
  plan: Plan;
}

/** Where images go: the repository's URI, or the standard ECR URI while the repository does not exist yet. */
export function repositoryUri(observation: Observation, config: ShipConfig, names: ResourceNames): string {
  return (
    observation.repository?.uri ||
    `${observation.account.accountId}.dkr.ecr.${config.region}.amazonaws.com/${names.repository}`
  );
}

export async function prepareDeployment(options: {
  context: AwsContext;
  config: ShipConfig;
  /** The image to run, given the repository URI (e.g. `--image`, or the digest of a build). */
  image: (repositoryUri: string, observation: Observation) => Promise<string>;
}): Promise<PreparedDeployment> {
  const { context, config } = options;
  const target = { app: config.app, env: config.environment };
  const names = resourceNames(target, config.region, config.target);
  const account = await callerAccount(context);
  const observation = await observe(context, config, names, account);
  const image = await options.image(repositoryUri(observation, config, names), observation);
  const desired = buildTaskDefinition({
    config,
    names,
    image,
    executionRoleArn: observation.role?.arn ?? resourceArns(account, config.region, names).executionRole,
  });
  const planInput = planInputFor({ context, config, names, target, observation, desired });
  return {
    context,
    config,
    target,
    names,
    account,
    observation,
    image,
    desired,
    planInput,
    plan: planDeployment(planInput),
  };
}

export function planInputFor(p: {
  context: AwsContext;
  config: ShipConfig;
  names: ResourceNames;
  target: Target;
  observation: Observation;
  desired: TaskDefinition;
}): PlanInput {
  const { context, config, names, target, observation: o, desired } = p;
  const input: PlanInput = {
    config,
    names,
    resources: resourceSteps(
      tableContext({ context, config, names, target, observation: o, account: o.account }),
    ),
    desired,
    desiredService: {
      desiredCount: config.desiredCount,
      subnets: o.network.subnetIds,
      securityGroups: o.taskGroup ? [o.taskGroup.id] : [],
      assignPublicIp: o.network.assignPublicIp,
    },
    keepDesiredCount: Boolean(config.autoscaling),
  };
  if (config.target === 'express') {
    // The newest revision is what an update builds on (the oldest of two active ones is on its way out).
    const current = [...(o.expressService?.active ?? [])].sort((a, b) => b.createdAt - a.createdAt)[0];
    input.express = {
      ...(current ? { current } : {}),
      ...(o.expressService?.endpoint ? { endpoint: o.expressService.endpoint } : {}),
      healthCheckPath: config.healthCheckPath,
      scaling: expressScaling(config),
    };
  } else {
    const scaling = autoscalingChange(o.scaling, config.autoscaling);
    if (scaling) input.autoscaling = scaling;
  }
  if (o.current) input.current = o.current;
  if (o.latest) input.latest = o.latest;
  if (o.service) {
    input.service = {
      taskDefinition: o.service.taskDefinition,
      desiredCount: o.service.desiredCount,
      subnets: o.service.subnets,
      securityGroups: o.service.securityGroups,
      assignPublicIp: o.service.assignPublicIp,
      rolloutInProgress: o.service.rolloutInProgress,
    };
  }
  return input;
}

/** The service as ship wants it (taskDefinition filled in by the deploy). */
export function serviceSpec(
  prepared: Pick<PreparedDeployment, 'config' | 'names' | 'target' | 'observation'>,
  resources: {
    taskGroupId: string;
    targetGroupArn?: string;
    /** For canary, linear and blue/green releases. */
    release?: { alternateTargetGroupArn: string; productionListenerRule: string; roleArn: string };
    /** The alarms that roll a deployment back. */
    alarmNames?: string[];
  },
  taskDefinition: string,
): ServiceSpec {
  const { config, names, target, observation: o } = prepared;
  const keepCount = Boolean(config.autoscaling) && Boolean(o.service);
  const release = releaseOf(config);
  return {
    cluster: names.cluster,
    name: names.service,
    taskDefinition,
    ...(keepCount ? {} : { desiredCount: config.desiredCount }),
    subnets: o.network.subnetIds,
    securityGroups: [resources.taskGroupId],
    assignPublicIp: o.network.assignPublicIp,
    ...(resources.targetGroupArn
      ? {
          loadBalancer: {
            targetGroupArn: resources.targetGroupArn,
            containerName: names.container,
            containerPort: config.port,
            ...(resources.release ? { advancedConfiguration: resources.release } : {}),
          },
          healthCheckGracePeriodSeconds: 30,
        }
      : {}),
    deploymentConfiguration: ecsDeploymentConfiguration(release, resources.alarmNames ?? []),
    tags: shipTags(target, 'env'),
  };
}
