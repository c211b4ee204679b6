// The JSON Schema of ship.config.json, and the config's type derived from it
// (json-schema-to-ts), so the two cannot drift apart. Defaults live in the
// schema only (ajv fills them in, and a field with a default is present in the
// type), so the file can be as short as { "app": "my-app" }. `x-expected`
// says in words what a pattern means, for errors.
//
// Adding a field: add it under `properties` (with a `default` when it has
// one, a `description` for what it does); its type follows. A nested object
// whose fields another module names gets a type alias at the end of the file.
import type { FromSchema } from 'json-schema-to-ts';
import { fargateCpuValues } from '../deploy/fargate-size.js';

/** CloudWatch Logs accepts only these retention periods. */
export const logRetentionValues = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const name = (max: number) =>
  ({
    type: 'string',
    minLength: 2,
    maxLength: max,
    pattern: '^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$',
    'x-expected': `lowercase letters, digits and single hyphens, starting with a letter, at most ${max} characters`,
  }) as const;

const cidr = {
  type: 'string',
  pattern: '^(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)/(?:3[0-2]|[12]?\\d)$',
  'x-expected': 'an IPv4 CIDR such as 203.0.113.0/24 or 0.0.0.0/0',
} as const;

export const secretArnPattern =
  '^arn:aws[a-z-]*:(?:ssm:[a-z0-9-]+:\\d{12}:parameter/.+|secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+)$';

export const configSchema = {
  $id: 'https://github.com/ebov-dash/ship/ship.config.schema.json',
  title: 'ship.config.json',
  type: 'object',
  additionalProperties: false,
  // The parser sets region from the AWS profile (or a flag) when the file has none.
  required: ['app', 'region'],
  properties: {
    $schema: { type: 'string' },
    app: { ...name(24), description: 'App name; names the cluster, image repository and services.' },
    environment: { ...name(20), default: 'production' },
    region: {
      type: 'string',
      pattern: '^[a-z]{2}(?:-[a-z]+)+-\\d$',
      'x-expected': 'an AWS region such as us-east-1',
    },
    // Where the app runs: "express", an ECS Express Mode service (HTTPS on an AWS-provided domain;
    // load balancer and scaling made by ECS; what `ship init` writes), or "service", an ECS service
    // ship wires itself (loadBalancer, certificateArn, domain). A config from before `target` keeps "service".
    target: { type: 'string', enum: ['express', 'service'], default: 'service' },
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
      description: 'An ACM certificate for the HTTPS listener (with "loadBalancer": "alb").',
      type: 'string',
      pattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+$',
      'x-expected': 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
    },
    domain: {
      description:
        'The app\'s own domain (with "loadBalancer": "alb"): certificate, HTTPS and DNS records by ship.',
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
      description:
        'Customer-managed KMS key of the secrets: the execution role may decrypt with it (via SSM/Secrets Manager only).',
      type: 'string',
      pattern: '^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]+$',
      'x-expected':
        'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), of the key that encrypts the secrets',
    },
    logRetentionDays: { type: 'integer', enum: logRetentionValues, default: 30 },
    keepImages: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
    stopTimeout: { type: 'integer', minimum: 2, maximum: 120, default: 30 },
    baseImage: {
      description: 'Base image for the build (default: the Node LTS slim image the Dockerfile uses).',
      type: 'string',
      minLength: 1,
    },
    build: {
      description: 'How `ship build` makes the image; paths are relative to the config file.',
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
    release: {
      type: 'object',
      additionalProperties: false,
      description: 'How an update reaches production traffic (defaults in src/deploy/release.ts).',
      properties: {
        strategy: { type: 'string', enum: ['rolling', 'canary', 'linear', 'blue-green'] },
        canary: {
          type: 'object',
          additionalProperties: false,
          properties: {
            // ECS CanaryConfiguration: canaryPercent 0.1–100 in steps of 0.1, canaryBakeTimeInMinutes 0–1440.
            percent: { type: 'number', minimum: 0.1, maximum: 100 },
            bakeMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
          },
        },
        linear: {
          type: 'object',
          additionalProperties: false,
          properties: {
            // ECS LinearConfiguration: stepPercent 3–100 in steps of 0.1, stepBakeTimeInMinutes 0–1440.
            stepPercent: { type: 'number', minimum: 3, maximum: 100 },
            intervalMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
          },
        },
        // ECS DeploymentConfiguration.bakeTimeInMinutes: 0–1440.
        bakeMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
        alarms: {
          type: 'object',
          additionalProperties: false,
          properties: {
            http5xxRate: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
            p99LatencyMs: { type: 'integer', minimum: 1, maximum: 600000 },
          },
        },
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

/** The config as the parser returns it: validated, defaults filled in. */
export type ShipConfig = FromSchema<typeof configSchema>;
export type Platform = ShipConfig['platform'];
export type LoadBalancerKind = ShipConfig['loadBalancer'];
export type AutoscalingConfig = NonNullable<ShipConfig['autoscaling']>;
export type NetworkConfig = NonNullable<ShipConfig['network']>;
export type BuildConfig = NonNullable<ShipConfig['build']>;
