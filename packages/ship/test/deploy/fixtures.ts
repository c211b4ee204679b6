// A parsed config and the names that go with it, shared by the pure-model tests.
import { parseConfig } from '../../src/config/parse-config.js';
import type { ShipConfig } from '../../src/config/schema.js';
import { resourceNames } from '../../src/deploy/naming.js';
import { buildTaskDefinition, type TaskDefinition } from '../../src/deploy/task-definition.js';

export function demoConfig(fields: Record<string, unknown> = {}): ShipConfig {
  return parseConfig(JSON.stringify({ app: 'demo', ...fields }), {
    file: 'ship.config.json',
    defaultRegion: 'us-east-1',
  }).config;
}

export const demoNames = resourceNames({ app: 'demo', env: 'production' }, 'us-east-1');
export const digestA = `sha256:${'ab'.repeat(32)}`;
export const digestB = `sha256:${'cd'.repeat(32)}`;
export const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/demo';
export const roleArn = 'arn:aws:iam::123456789012:role/demo-production-execution';

export function demoDefinition(fields: Record<string, unknown> = {}, digest = digestA): TaskDefinition {
  return buildTaskDefinition({
    config: demoConfig(fields),
    names: demoNames,
    image: `${repo}@${digest}`,
    executionRoleArn: roleArn,
  });
}

/** What ECS returns for a registered definition: defaults filled in, read-only fields added. */
export function asStoredByEcs(definition: TaskDefinition, revision: number): TaskDefinition {
  return {
    ...definition,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${definition.family}:${revision}`,
    revision,
    status: 'ACTIVE',
    compatibilities: ['EC2', 'FARGATE'],
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
    placementConstraints: [],
    registeredAt: '2026-11-26T07:00:00Z',
    volumes: (definition.volumes ?? []).map((v) => ({ ...v, host: {} })),
    containerDefinitions: definition.containerDefinitions.map((c) => ({
      ...c,
      cpu: 0,
      volumesFrom: [],
      systemControls: [],
      environment: [...(c.environment ?? [])].reverse(),
    })),
  };
}
