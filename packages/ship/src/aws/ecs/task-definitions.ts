// ECS task definitions: read (fields ship does not know kept), list, register, deregister.
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { registrationInput, type TaskDefinition } from '../../deploy/task-definition.js';
import { type AwsContext, isNotFound, type Tags } from '../aws-context.js';
import { ecs, ecsTagList, ecsTagMap } from './client.js';

export interface RegisteredTaskDefinition {
  definition: TaskDefinition;
  /** ACTIVE or INACTIVE (deregistered). */
  status: string;
  tags: Tags;
}

/** A task definition by ARN or `family:revision` (or family for the latest), with its tags. */
export async function readTaskDefinition(
  context: AwsContext,
  reference: string,
): Promise<RegisteredTaskDefinition | undefined> {
  try {
    const out = await ecs(context).send(
      new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }),
    );
    if (!out.taskDefinition) return undefined;
    return {
      definition: out.taskDefinition as unknown as TaskDefinition,
      status: out.taskDefinition.status ?? '',
      tags: ecsTagMap(out.tags),
    };
  } catch (error) {
    if (isNotFound(error, 'ClientException') && /not found|unable to describe/i.test(String(error)))
      return undefined;
    throw error;
  }
}

export async function describeTaskDefinition(
  context: AwsContext,
  reference: string,
): Promise<TaskDefinition | undefined> {
  return (await readTaskDefinition(context, reference))?.definition;
}

/** ARNs of a family's ACTIVE revisions, newest first; all of them unless `limit`. */
export async function taskDefinitionRevisions(
  context: AwsContext,
  family: string,
  limit = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const out = await ecs(context).send(
      new ListTaskDefinitionsCommand({
        familyPrefix: family,
        status: 'ACTIVE',
        sort: 'DESC',
        nextToken,
        ...(Number.isFinite(limit) ? { maxResults: Math.min(100, limit) } : {}),
      }),
    );
    arns.push(...(out.taskDefinitionArns ?? []));
    nextToken = out.nextToken;
  } while (nextToken && arns.length < limit);
  return arns.slice(0, limit);
}

/** The newest ACTIVE revision of a family. */
export async function latestTaskDefinition(
  context: AwsContext,
  family: string,
): Promise<TaskDefinition | undefined> {
  const [arn] = await taskDefinitionRevisions(context, family, 1);
  return arn ? describeTaskDefinition(context, arn) : undefined;
}

/** Families with ACTIVE revisions whose names start with `prefix`. */
export async function taskDefinitionFamilies(context: AwsContext, prefix: string): Promise<string[]> {
  const families: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs(context).send(
      new ListTaskDefinitionFamiliesCommand({ familyPrefix: prefix, status: 'ACTIVE', nextToken }),
    );
    families.push(...(page.families ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return families;
}

export async function registerTaskDefinition(
  context: AwsContext,
  definition: TaskDefinition,
  tags: Tags,
): Promise<TaskDefinition> {
  const input = {
    ...registrationInput(definition),
    tags: ecsTagList(tags),
  } as RegisterTaskDefinitionCommandInput;
  const out = await ecs(context).send(new RegisterTaskDefinitionCommand(input));
  if (!out.taskDefinition?.taskDefinitionArn) throw new Error('RegisterTaskDefinition returned no ARN');
  return out.taskDefinition as unknown as TaskDefinition;
}

export async function deregisterTaskDefinition(context: AwsContext, arn: string): Promise<void> {
  await ecs(context).send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
}
