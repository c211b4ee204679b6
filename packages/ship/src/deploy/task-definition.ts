// A task definition is a value: built from the config, read back from ECS
// (keeping fields ship does not know), compared and diffed. Pure. The shape
// follows ECS's RegisterTaskDefinition JSON so it round-trips unchanged.
import type { ShipConfig } from '../config/schema.js';
import type { ResourceNames } from './naming.js';

export interface KeyValue {
  name: string;
  value: string;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  user?: string;
  readonlyRootFilesystem?: boolean;
  stopTimeout?: number;
  portMappings?: { containerPort: number; hostPort?: number; protocol?: string; name?: string }[];
  environment?: KeyValue[];
  secrets?: { name: string; valueFrom: string }[];
  mountPoints?: { sourceVolume: string; containerPath: string; readOnly?: boolean }[];
  healthCheck?: {
    command: string[];
    interval?: number;
    timeout?: number;
    retries?: number;
    startPeriod?: number;
  };
  logConfiguration?: { logDriver: string; options?: Record<string, string> };
  [unknown: string]: unknown;
}

export interface TaskDefinition {
  family: string;
  cpu: string;
  memory: string;
  networkMode: 'awsvpc';
  requiresCompatibilities: string[];
  runtimePlatform: { cpuArchitecture: string; operatingSystemFamily: string };
  executionRoleArn: string;
  containerDefinitions: ContainerDefinition[];
  volumes?: { name: string; [unknown: string]: unknown }[];
  /** Set on definitions read back from ECS. */
  taskDefinitionArn?: string;
  revision?: number;
  [unknown: string]: unknown;
}

export interface TaskDefinitionInput {
  config: ShipConfig;
  names: ResourceNames;
  /** Image reference pinned by digest: `repo@sha256:…`. */
  image: string;
  executionRoleArn: string;
}

/** The volume mounted at /tmp: Fargate has no tmpfs, and the root filesystem is read-only. */
export const scratchVolume = 'tmp';

export function buildTaskDefinition({
  config,
  names,
  image,
  executionRoleArn,
}: TaskDefinitionInput): TaskDefinition {
  const environment: KeyValue[] = Object.entries({
    NODE_ENV: 'production',
    PORT: String(config.port),
    ...config.variables,
  })
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const secrets = Object.entries(config.secrets)
    .map(([name, valueFrom]) => ({ name, valueFrom }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const url = `http://127.0.0.1:${config.port}${config.healthCheckPath}`;
  return {
    family: names.family,
    cpu: String(config.cpu),
    memory: String(config.memory),
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    runtimePlatform: { cpuArchitecture: config.platform, operatingSystemFamily: 'LINUX' },
    executionRoleArn,
    containerDefinitions: [
      {
        name: names.container,
        image,
        essential: true,
        user: '1000',
        readonlyRootFilesystem: true,
        stopTimeout: config.stopTimeout,
        // Express Mode wants the one port mapping named (it routes its load balancer to it).
        portMappings: [
          {
            containerPort: config.port,
            hostPort: config.port,
            protocol: 'tcp',
            ...(config.target === 'express' ? { name: 'http' } : {}),
          },
        ],
        environment,
        ...(secrets.length > 0 ? { secrets } : {}),
        mountPoints: [{ sourceVolume: scratchVolume, containerPath: '/tmp', readOnly: false }],
        // The image is a Node app and may have no curl or wget; node itself can probe.
        healthCheck: {
          command: [
            'CMD',
            'node',
            '-e',
            `fetch(${JSON.stringify(url)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
          ],
          interval: 10,
          timeout: 5,
          retries: 3,
          startPeriod: 10,
        },
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': names.logGroup,
            'awslogs-region': config.region,
            'awslogs-stream-prefix': config.environment,
          },
        },
      },
    ],
    volumes: [{ name: scratchVolume }],
  };
}

/** Fields ECS adds when it returns a definition; they are not part of what we register. */
const readOnlyFields = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

/** The RegisterTaskDefinition input for a definition (read-only fields dropped, unknown ones kept). */
export function registrationInput(definition: TaskDefinition): Record<string, unknown> {
  return Object.fromEntries(Object.entries(definition).filter(([key]) => !readOnlyFields.includes(key)));
}

/** `family:12` from a task-definition ARN or a definition. */
export function revisionName(arnOrDefinition: string | TaskDefinition): string {
  const arn =
    typeof arnOrDefinition === 'string' ? arnOrDefinition : (arnOrDefinition.taskDefinitionArn ?? '');
  if (!arn && typeof arnOrDefinition !== 'string') return `${arnOrDefinition.family}:(new)`;
  return arn.split('/').pop() ?? arn;
}
