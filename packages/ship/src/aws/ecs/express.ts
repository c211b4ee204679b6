// ECS Express Mode: create, update, read and delete an Express Gateway
// service. ship gives it a task definition of its own (taskDefinitionArn:
// read-only root, non-root user, stop timeout, the container health check,
// none of which primaryContainer can say) and lets Express Mode make the
// load balancer, HTTPS endpoint, security groups and scaling.
import {
  CreateExpressGatewayServiceCommand,
  DeleteExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  type ExpressGatewayServiceConfiguration,
  UpdateExpressGatewayServiceCommand,
  type UpdateExpressGatewayServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { ExpressRevision, ExpressScaling, ExpressScalingMetric } from '../../deploy/express-service.js';
import { type AwsContext, isNotFound, type Tags } from '../aws-context.js';
import { ecs, ecsTagList, ecsTagMap } from './client.js';

/** What ship sets on an Express service; the rest is Express Mode's. */
export interface ExpressServiceSpec {
  cluster: string;
  name: string;
  infrastructureRoleArn: string;
  taskDefinition: string;
  healthCheckPath: string;
  scaling: ExpressScaling;
  /** Only with a network in the config; otherwise Express Mode uses the default VPC. */
  subnets?: string[];
  tags: Tags;
}

export interface ExpressServiceState {
  arn: string;
  name: string;
  cluster: string;
  status: string;
  infrastructureRoleArn: string;
  /** The revisions serving traffic (two while a deployment shifts it). */
  active: ExpressRevision[];
  endpoint?: string;
  tags: Tags;
}

/** The service, or undefined when there is none (or only a deleted one). */
export async function describeExpressService(
  context: AwsContext,
  serviceArn: string,
): Promise<ExpressServiceState | undefined> {
  try {
    const out = await ecs(context).send(
      new DescribeExpressGatewayServiceCommand({ serviceArn, include: ['TAGS'] }),
    );
    const s = out.service;
    const status = s?.status?.statusCode ?? 'INACTIVE';
    if (!s || status === 'INACTIVE') return undefined;
    const active = (s.activeConfigurations ?? []).map(revisionOf);
    const endpoint = active.find((r) => r.endpoint)?.endpoint;
    return {
      arn: s.serviceArn ?? serviceArn,
      name: s.serviceName ?? '',
      cluster: s.cluster ?? '',
      status,
      infrastructureRoleArn: s.infrastructureRoleArn ?? '',
      active,
      ...(endpoint ? { endpoint } : {}),
      tags: ecsTagMap(s.tags),
    };
  } catch (error) {
    if (isNotFound(error, 'ServiceNotFoundException')) return undefined;
    throw error;
  }
}

export async function createExpressService(
  context: AwsContext,
  spec: ExpressServiceSpec,
): Promise<{ arn: string; endpoint?: string }> {
  const out = await ecs(context).send(
    new CreateExpressGatewayServiceCommand({
      cluster: spec.cluster,
      serviceName: spec.name,
      infrastructureRoleArn: spec.infrastructureRoleArn,
      ...settings(spec),
      tags: ecsTagList(spec.tags),
    }),
  );
  const endpoint = (out.service?.activeConfigurations ?? [])
    .map(revisionOf)
    .find((r) => r.endpoint)?.endpoint;
  return { arn: out.service?.serviceArn ?? '', ...(endpoint ? { endpoint } : {}) };
}

/** A new service revision with these settings; returns it. */
export async function updateExpressService(
  context: AwsContext,
  serviceArn: string,
  spec: Omit<ExpressServiceSpec, 'cluster' | 'name' | 'infrastructureRoleArn' | 'tags'>,
): Promise<ExpressRevision | undefined> {
  const out = await sendUpdate(context, { serviceArn, ...settings(spec) });
  const target = out.service?.targetConfiguration;
  return target ? revisionOf(target) : undefined;
}

/** Points the service at an earlier task definition and changes nothing else (rollback). */
export async function pointExpressService(
  context: AwsContext,
  serviceArn: string,
  taskDefinition: string,
): Promise<void> {
  await sendUpdate(context, { serviceArn, taskDefinitionArn: taskDefinition });
}

/** Deletes the service; Express Mode removes the load balancer rules, target groups and scaling it made. */
export async function deleteExpressService(context: AwsContext, serviceArn: string): Promise<void> {
  await ecs(context).send(new DeleteExpressGatewayServiceCommand({ serviceArn }));
}

function settings(spec: Omit<ExpressServiceSpec, 'cluster' | 'name' | 'infrastructureRoleArn' | 'tags'>) {
  return {
    taskDefinitionArn: spec.taskDefinition,
    healthCheckPath: spec.healthCheckPath,
    scalingTarget: {
      minTaskCount: spec.scaling.min,
      maxTaskCount: spec.scaling.max,
      autoScalingMetric: spec.scaling.metric,
      autoScalingTargetValue: spec.scaling.target,
    },
    ...(spec.subnets ? { networkConfiguration: { subnets: spec.subnets } } : {}),
  };
}

function revisionOf(c: ExpressGatewayServiceConfiguration): ExpressRevision {
  const s = c.scalingTarget;
  const endpoint = c.ingressPaths?.find((p) => p.accessType === 'PUBLIC' && p.endpoint)?.endpoint;
  return {
    arn: c.serviceRevisionArn ?? '',
    taskDefinition: c.taskDefinitionArn ?? '',
    ...(c.healthCheckPath ? { healthCheckPath: c.healthCheckPath } : {}),
    ...(s
      ? {
          scaling: {
            min: s.minTaskCount ?? 1,
            max: s.maxTaskCount ?? 1,
            metric: (s.autoScalingMetric ?? 'AVERAGE_CPU') as ExpressScalingMetric,
            target: s.autoScalingTargetValue ?? 60,
          },
        }
      : {}),
    ...(endpoint ? { endpoint: httpsUrl(endpoint) } : {}),
    createdAt: c.createdAt?.getTime() ?? 0,
  };
}

/** The endpoint as a URL: Express Mode gives a host name on an AWS-provided domain (with or without the scheme). */
export function httpsUrl(endpoint: string): string {
  const host = endpoint.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return `https://${host}/`;
}

const sendUpdate = (context: AwsContext, input: UpdateExpressGatewayServiceCommandInput) =>
  ecs(context).send(new UpdateExpressGatewayServiceCommand(input));
