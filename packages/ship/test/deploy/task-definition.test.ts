import { describe, expect, it } from 'vitest';
import { registrationInput, revisionName } from '../../src/deploy/task-definition.js';
import { asStoredByEcs, demoDefinition, digestA, repo, roleArn } from './fixtures.js';

describe('buildTaskDefinition', () => {
  const definition = demoDefinition({
    variables: { LOG_LEVEL: 'info' },
    secrets: { DB_PASSWORD: 'arn:aws:ssm:us-east-1:123456789012:parameter/demo/db' },
  });
  const container = definition.containerDefinitions[0]!;

  it.each([
    ['family', definition.family, 'demo-production'],
    ['cpu', definition.cpu, '256'],
    ['memory', definition.memory, '512'],
    ['networkMode', definition.networkMode, 'awsvpc'],
    ['requiresCompatibilities', definition.requiresCompatibilities, ['FARGATE']],
    [
      'runtimePlatform',
      definition.runtimePlatform,
      { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    ],
    ['executionRoleArn', definition.executionRoleArn, roleArn],
    ['volumes', definition.volumes, [{ name: 'tmp' }]],
    ['image by digest', container.image, `${repo}@${digestA}`],
    ['non-root user', container.user, '1000'],
    ['read-only root filesystem', container.readonlyRootFilesystem, true],
    ['stop timeout', container.stopTimeout, 30],
    ['port mapping', container.portMappings, [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]],
    [
      '/tmp on a volume',
      container.mountPoints,
      [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
    ],
    [
      'environment, sorted, with NODE_ENV and PORT',
      container.environment,
      [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'NODE_ENV', value: 'production' },
        { name: 'PORT', value: '8080' },
      ],
    ],
    [
      'secrets by ARN',
      container.secrets,
      [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/demo/db' }],
    ],
    [
      'awslogs',
      container.logConfiguration,
      {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ship/demo/production',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'production',
        },
      },
    ],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('probes the health-check path with node (no curl in a Node image)', () => {
    expect(container.healthCheck?.command.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(container.healthCheck?.command[3]).toContain('http://127.0.0.1:8080/healthz');
  });

  it('follows the config: size, platform, port, health path', () => {
    const other = demoDefinition({
      cpu: 1024,
      memory: 2048,
      platform: 'ARM64',
      port: 3000,
      healthCheckPath: '/up',
    });
    const c = other.containerDefinitions[0]!;
    expect([other.cpu, other.memory, other.runtimePlatform.cpuArchitecture]).toEqual([
      '1024',
      '2048',
      'ARM64',
    ]);
    expect(c.portMappings?.[0]?.containerPort).toBe(3000);
    expect(c.healthCheck?.command[3]).toContain('http://127.0.0.1:3000/up');
    expect(c.secrets).toBeUndefined();
  });
});

describe('registrationInput', () => {
  it('drops what ECS adds on read and keeps fields ship does not know', () => {
    const stored = { ...asStoredByEcs(demoDefinition(), 3), taskRoleArn: 'arn:aws:iam::1:role/x' };
    const input = registrationInput(stored);
    for (const key of [
      'taskDefinitionArn',
      'revision',
      'status',
      'compatibilities',
      'requiresAttributes',
      'registeredAt',
    ]) {
      expect(input).not.toHaveProperty(key);
    }
    expect(input.taskRoleArn).toBe('arn:aws:iam::1:role/x');
    expect(input.family).toBe('demo-production');
  });
});

describe('revisionName', () => {
  it.each([
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/demo-production:12', 'demo-production:12'],
    ['demo-production:3', 'demo-production:3'],
  ])('%s → %s', (arn, name) => {
    expect(revisionName(arn)).toBe(name);
  });
});
