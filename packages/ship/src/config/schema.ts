// The JSON Schema of ship.config.json and the type it describes. Defaults
// live in the schema (ajv fills them in), so the file can be as short as
// { "app": "my-app" }. `x-expected` says in words what a pattern means, for errors.
import type { DomainConfig } from '../deploy/domain-names.js';
import { fargateCpuValues } from '../deploy/fargate-size.js';

export type { DomainConfig };

export type Platform = 'X86_64' | 'ARM64';
export type LoadBalancerKind = 'none' | 'alb';

export interface AutoscalingConfig {
  min: number;
  max: number;
  /** Target average CPU utilisation in percent. */
  cpuTarget?: number;
  /** Target ALB requests per task per minute. */
  requestsPerTarget?: number;
}

export interface NetworkConfig {
  vpcId: string;
  subnetIds: string[];
  assignPublicIp: boolean;
}

export interface ShipConfig {
  app: string;
  environment: string;
  region: string;
  appDir: string;
  cpu: number;
  memory: number;
  platform: Platform;
  port: number;
  healthCheckPath: string;
  desiredCount: number;
  ingressCidrs: string[];
  loadBalancer: LoadBalancerKind;
  certificateArn?: string;
  /** The app's own domain (with "loadBalancer": "alb"): certificate, HTTPS and DNS records by ship. */
  domain?: DomainConfig;
  variables: Record<string, string>;
  secrets: Record<string, string>;
  /** Customer-managed KMS key of the secrets: the execution role may decrypt with it (via SSM/Secrets Manager only). */
  secretsKmsKeyArn?: string;
  logRetentionDays: number;
  keepImages: number;
  stopTimeout: number;
  network?: NetworkConfig;
  autoscaling?: AutoscalingConfig;
  /** Base image for the build (default: the Node LTS slim image the Dockerfile uses). */
  baseImage?: string;
  build?: BuildConfig;
}

/** How `ship build` makes the image; paths are relative to the config file. */
export interface BuildConfig {
  /** The command that starts the app, e.g. "node dist/main.js" (default: package.json scripts.start). */
  start?: string | string[];
  /** Files baked in under /app/data. */
  dataFiles?: string[];
  /** The environment variable that gets the first data file's path in the image. */
  dataEnv?: string;
}

/** CloudWatch Logs accepts only these retention periods. */
export const logRetentionValues = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const name = (max: number) => ({
  type: 'string',
  minLength: 2,
  maxLength: max,
  pattern: '^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$',
  'x-expected': `lowercase letters, digits and single hyphens, starting with a letter, at most ${max} characters`,
});

const cidr = {
  type: 'string',
  pattern: '^(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)/(?:3[0-2]|[12]?\\d)$',
  'x-expected': 'an IPv4 CIDR such as 203.0.113.0/24 or 0.0.0.0/0',
};

export const secretArnPattern =
  '^arn:aws[a-z-]*:(?:ssm:[a-z0-9-]+:\\d{12}:parameter/.+|secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+)$';

export const configSchema = {
  $id: 'https://github.com/ebov-dash/ship/ship.config.schema.json',
  title: 'ship.config.json',
  type: 'object',
  additionalProperties: false,
  required: ['app'],
  properties: {
    $schema: { type: 'string' },
    app: { ...name(24), description: 'App name; names the cluster, image repository and services.' },
    environment: { ...name(20), default: 'production' },
    region: {
      type: 'string',
      pattern: '^[a-z]{2}(?:-[a-z]+)+-\\d$',
      'x-expected': 'an AWS region such as us-east-1',
    },
    appDir: { type: 'string', minLength: 1, default: '.' },
    cpu: { type: 'integer', enum: [...fargateCpuValues], default: 256 },
    memory: { type: 'integer', minimum: 512, maximum: 122880, default: 512 },
    platform: { type: 'string', enum: ['X86_64', 'ARM64'], default: 'X86_64' },
    port: { type: 'integer', minimum: 1, maximum: 65535, default: 8080 },
    healthCheckPath: {
      type: 'string',
      pattern: '^/[^\\s]*$',
      'x-expected': 'a path starting with /, such as /healthz',
      default: '/healthz',
    },
    desiredCount: { type: 'integer', minimum: 0, maximum: 100, default: 1 },
    ingressCidrs: { type: 'array', items: cidr, minItems: 1, uniqueItems: true, default: ['0.0.0.0/0'] },
    loadBalancer: { type: 'string', enum: ['none', 'alb'], default: 'none' },
    certificateArn: {
      type: 'string',
      pattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+$',
      'x-expected': 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
    },
    domain: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: {
          type: 'string',
          maxLength: 232,
          pattern: '^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$',
          'x-expected':
            'a lowercase domain name such as example.com (no scheme, no trailing dot, no wildcard)',
        },
        production: { type: 'string', enum: ['apex', 'www'], default: 'apex' },
        productionEnvironment: { ...name(20), default: 'production' },
        hostedZoneId: {
          type: 'string',
          pattern: '^Z[A-Z0-9]{1,31}$',
          'x-expected': 'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
        },
      },
    },
    variables: {
      type: 'object',
      propertyNames: {
        pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
        'x-expected': 'an environment variable name (letters, digits, _)',
      },
      additionalProperties: { type: 'string' },
      default: {},
    },
    secrets: {
      type: 'object',
      propertyNames: {
        pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
        'x-expected': 'an environment variable name (letters, digits, _)',
      },
      additionalProperties: {
        type: 'string',
        pattern: secretArnPattern,
        'x-expected':
          'an SSM parameter or Secrets Manager secret ARN (arn:aws:ssm:…:parameter/… or arn:aws:secretsmanager:…:secret:…), never the secret value itself',
      },
      default: {},
    },
    secretsKmsKeyArn: {
      type: 'string',
      pattern: '^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]+$',
      'x-expected':
        'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), of the key that encrypts the secrets',
    },
    logRetentionDays: { type: 'integer', enum: logRetentionValues, default: 30 },
    keepImages: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
    stopTimeout: { type: 'integer', minimum: 2, maximum: 120, default: 30 },
    baseImage: { type: 'string', minLength: 1 },
    build: {
      type: 'object',
      additionalProperties: false,
      properties: {
        start: {
          anyOf: [
            { type: 'string', minLength: 1 },
            { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          ],
          'x-expected': 'a command such as "node dist/main.js"',
        },
        dataFiles: { type: 'array', items: { type: 'string', minLength: 1 } },
        dataEnv: {
          type: 'string',
          pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
          'x-expected': 'an environment variable name (letters, digits, _)',
        },
      },
    },
    network: {
      type: 'object',
      additionalProperties: false,
      required: ['vpcId', 'subnetIds'],
      properties: {
        vpcId: { type: 'string', pattern: '^vpc-[0-9a-f]+$', 'x-expected': 'a VPC id such as vpc-0abc123' },
        subnetIds: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'string',
            pattern: '^subnet-[0-9a-f]+$',
            'x-expected': 'a subnet id such as subnet-0abc123',
          },
        },
        assignPublicIp: { type: 'boolean', default: false },
      },
    },
    autoscaling: {
      type: 'object',
      additionalProperties: false,
      required: ['min', 'max'],
      properties: {
        min: { type: 'integer', minimum: 0, maximum: 100 },
        max: { type: 'integer', minimum: 1, maximum: 100 },
        cpuTarget: { type: 'number', minimum: 10, maximum: 90 },
        requestsPerTarget: { type: 'integer', minimum: 1 },
      },
    },
  },
} as const;
