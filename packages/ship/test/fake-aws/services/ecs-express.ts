// ECS Express Mode (awsJson1_1, on the ECS endpoint): Create/Update/Describe/
// DeleteExpressGatewayService. An Express Gateway service is an ECS service
// whose task definition, load balancing, HTTPS endpoint and scaling ECS makes
// from a short description (image, port, health path, CPU/memory, scaling);
// the fake makes its task definition and service with the ECS handlers
// themselves, so DescribeServices, ListServiceDeployments and the deployment
// clock work on it as on any service. Modelled after the ECS API Reference
// (CreateExpressGatewayService …, November 2025) and the Developer Guide
// "Amazon ECS Express Mode": infrastructureRoleArn required and trusted by
// ecs.amazonaws.com; the execution role must exist; cluster `default` unless
// named (created when missing); defaults port 80, health path /ping, 1 vCPU /
// 2 GB, X86_64, 1–20 tasks on average CPU 60 %; the public endpoint
// `https://<name>-<id>.ecs.<region>.on.aws`; each update is a new service
// revision (a new `activeConfigurations` entry once deployed); delete drains
// the service (DRAINING, then INACTIVE). A task definition of the caller's
// own (`taskDefinitionArn`) is taken as ECS documents it: not together with
// primaryContainer, executionRoleArn, taskRoleArn, cpu, memory or
// cpuArchitecture; FARGATE-compatible; a container named Main with one TCP
// port mapping that has a containerPort and a name. The health check path
// starts with /; the scaling metric is one of the three Express knows.

import { primaryOf } from '../deployment.js';
import { AwsError } from '../errors.js';
import { Params, type Value } from '../params.js';
import { perState } from '../per-state.js';
import type { Handler } from '../server.js';
import type { FakeState, Service } from '../state.js';

interface ExpressConfiguration {
  serviceRevisionArn: string;
  /** The caller gave the task definition (taskDefinitionArn) instead of a primaryContainer. */
  ownTaskDefinition?: boolean;
  executionRoleArn?: string;
  taskRoleArn?: string;
  taskDefinitionArn: string;
  cpu: string;
  memory: string;
  cpuArchitecture: string;
  networkConfiguration: { subnets: string[]; securityGroups: string[] };
  healthCheckPath: string;
  primaryContainer: Record<string, Value>;
  scalingTarget: {
    minTaskCount: number;
    maxTaskCount: number;
    autoScalingMetric: string;
    autoScalingTargetValue: number;
  };
  ingressPaths: { accessType: 'PUBLIC'; endpoint: string }[];
  createdAt: Date;
}

interface ExpressService {
  arn: string;
  name: string;
  cluster: string;
  infrastructureRoleArn: string;
  endpoint: string;
  configurations: ExpressConfiguration[];
  tags: { key: string; value: string }[];
  createdAt: Date;
  updatedAt: Date;
}

export const expressServices = perState<Map<string, ExpressService>>(() => new Map());

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

export function expressHandlers(state: FakeState, ecs: Record<string, Handler>): Record<string, Handler> {
  const store = expressServices(state);
  const call = async (action: string, fields: Record<string, Value>) => {
    const handler = ecs[action];
    if (!handler) throw new Error(`fake ECS has no ${action}`);
    return (await handler(new Params(fields, 'InvalidParameterException'))) as Record<
      string,
      Record<string, unknown>
    >;
  };
  const roleTrusts = (arn: string, principal: string) => {
    const role = [...state.iam.roles.values()].find((r) => r.arn === arn);
    return role?.assumeRolePolicyDocument.includes(principal) === true;
  };
  const underlying = (s: ExpressService): Service | undefined =>
    state.ecs.services.get(state.arn('ecs', `service/${s.cluster}/${s.name}`));
  const statusOf = (s: ExpressService) => {
    const service = underlying(s);
    return { statusCode: service?.status ?? 'INACTIVE' };
  };
  const configurationView = ({ ownTaskDefinition: _own, ...c }: ExpressConfiguration) => c;
  const deployed = (s: ExpressService) => {
    // A configuration is active once the deployment that carries its task definition completed.
    const service = underlying(s);
    const completed = service?.lastCompletedTaskDefinition;
    // The newest revision that carries it: a rollback is a new revision with an earlier task definition.
    const active = s.configurations.filter((c) => c.taskDefinitionArn === completed).slice(-1);
    return active.length > 0 ? active : s.configurations.slice(-1);
  };
  const view = (s: ExpressService, withTags: boolean) => {
    const service = underlying(s);
    return {
      cluster: s.cluster,
      serviceName: s.name,
      serviceArn: s.arn,
      infrastructureRoleArn: s.infrastructureRoleArn,
      status: statusOf(s),
      currentDeployment: service ? primaryOf(service)?.deploymentArn : undefined,
      activeConfigurations: deployed(s).map(configurationView),
      tags: withTags ? s.tags : undefined,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
  };
  const find = (p: Params) => {
    const arn = p.str('serviceArn');
    const found = store.get(arn);
    if (!found) throw new AwsError('ServiceNotFoundException', 'Service not found.');
    return found;
  };

  /** The task definition Express Mode makes from a configuration: one container, awsvpc, Fargate. */
  async function register(
    s: ExpressService,
    c: Omit<ExpressConfiguration, 'serviceRevisionArn' | 'taskDefinitionArn' | 'ingressPaths' | 'createdAt'>,
  ) {
    const container = c.primaryContainer;
    const port = (container.containerPort as number | undefined) ?? 80;
    const logs = container.awsLogsConfiguration as
      | { logGroup?: string; logStreamPrefix?: string }
      | undefined;
    const out = await call('RegisterTaskDefinition', {
      family: s.name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: c.cpu,
      memory: c.memory,
      runtimePlatform: { cpuArchitecture: c.cpuArchitecture, operatingSystemFamily: 'LINUX' },
      ...(c.executionRoleArn ? { executionRoleArn: c.executionRoleArn } : {}),
      ...(c.taskRoleArn ? { taskRoleArn: c.taskRoleArn } : {}),
      containerDefinitions: [
        {
          name: 'Main',
          image: container.image as string,
          essential: true,
          portMappings: [{ containerPort: port, protocol: 'tcp' }],
          environment: (container.environment as Value[] | undefined) ?? [],
          secrets: (container.secrets as Value[] | undefined) ?? [],
          ...(container.command ? { command: container.command } : {}),
          ...(logs?.logGroup
            ? {
                logConfiguration: {
                  logDriver: 'awslogs',
                  options: {
                    'awslogs-group': logs.logGroup,
                    'awslogs-region': state.region,
                    'awslogs-stream-prefix': logs.logStreamPrefix ?? 'ecs',
                  },
                },
              }
            : {}),
        },
      ],
      tags: s.tags,
    });
    return String(out.taskDefinition?.taskDefinitionArn);
  }

  const definitionFields = [
    'primaryContainer',
    'executionRoleArn',
    'taskRoleArn',
    'cpu',
    'memory',
    'cpuArchitecture',
  ];

  /** The settings a caller's own task definition carries, checked as ECS checks them. */
  async function ownDefinition(p: Params, arn: string) {
    const clash = definitionFields.filter((f) => p.has(f));
    if (clash.length > 0)
      throw invalid(`You can't specify ${clash.join(', ')} together with taskDefinitionArn.`);
    const described = await call('DescribeTaskDefinition', { taskDefinition: arn });
    const td = described.taskDefinition as Record<string, Value>;
    const containers = (td.containerDefinitions as Record<string, Value>[] | undefined) ?? [];
    const main = containers.find((c) => c.name === 'Main');
    if (!main) throw invalid(`The task definition ${arn} must have a container named Main.`);
    const ports = (main.portMappings as Record<string, Value>[] | undefined) ?? [];
    const [port] = ports;
    if (
      ports.length !== 1 ||
      !port ||
      (port.protocol ?? 'tcp') !== 'tcp' ||
      !port.containerPort ||
      !port.name
    )
      throw invalid(
        `The Main container of ${arn} must have a single TCP port mapping with a container port and a port name.`,
      );
    if (!((td.requiresCompatibilities as string[] | undefined) ?? []).includes('FARGATE'))
      throw invalid(`The task definition ${arn} must be compatible with FARGATE.`);
    const platform = td.runtimePlatform as { cpuArchitecture?: string } | undefined;
    return {
      taskDefinitionArn: String(td.taskDefinitionArn),
      executionRoleArn: td.executionRoleArn as string | undefined,
      taskRoleArn: td.taskRoleArn as string | undefined,
      cpu: String(td.cpu),
      memory: String(td.memory),
      cpuArchitecture: platform?.cpuArchitecture ?? 'X86_64',
      primaryContainer: {
        image: main.image as string,
        containerPort: port.containerPort,
        environment: main.environment ?? [],
        secrets: main.secrets ?? [],
      } as Record<string, Value>,
    };
  }

  async function readConfiguration(p: Params, previous?: ExpressConfiguration) {
    const healthCheckPath = p.optStr('healthCheckPath');
    if (healthCheckPath !== undefined && !healthCheckPath.startsWith('/'))
      throw invalid(`healthCheckPath ${healthCheckPath} must start with a forward slash.`);
    const metric = p.optObj('scalingTarget')?.optStr('autoScalingMetric');
    if (
      metric !== undefined &&
      !['AVERAGE_CPU', 'AVERAGE_MEMORY', 'REQUEST_COUNT_PER_TARGET'].includes(metric)
    )
      throw invalid(`scalingTarget.autoScalingMetric ${metric} is not valid.`);
    const given = p.optStr('taskDefinitionArn');
    const keepOwn = !given && previous?.ownTaskDefinition && !definitionFields.some((f) => p.has(f));
    if (given || keepOwn) {
      const own = given
        ? await ownDefinition(p, given)
        : { ...previous!, taskDefinitionArn: previous!.taskDefinitionArn };
      if (!own.executionRoleArn || !roleTrusts(own.executionRoleArn, 'ecs-tasks.amazonaws.com'))
        throw invalid(
          `The execution role ${own.executionRoleArn ?? '(none)'} does not exist or does not trust ecs-tasks.amazonaws.com.`,
        );
      const base = readSettings(p, previous);
      return {
        ...base,
        executionRoleArn: own.executionRoleArn,
        ...(own.taskRoleArn ? { taskRoleArn: own.taskRoleArn } : {}),
        cpu: own.cpu,
        memory: own.memory,
        cpuArchitecture: own.cpuArchitecture,
        primaryContainer: own.primaryContainer,
        ownTaskDefinition: true,
        taskDefinitionArn: own.taskDefinitionArn,
      };
    }
    return readContainerConfiguration(p, previous);
  }

  /** Settings that do not depend on who made the task definition. */
  function readSettings(p: Params, previous?: ExpressConfiguration) {
    const network = p.optObj('networkConfiguration');
    const scaling = p.optObj('scalingTarget');
    const scalingTarget = {
      minTaskCount: scaling?.optNum('minTaskCount') ?? previous?.scalingTarget.minTaskCount ?? 1,
      maxTaskCount: scaling?.optNum('maxTaskCount') ?? previous?.scalingTarget.maxTaskCount ?? 20,
      autoScalingMetric:
        scaling?.optStr('autoScalingMetric') ?? previous?.scalingTarget.autoScalingMetric ?? 'AVERAGE_CPU',
      autoScalingTargetValue:
        scaling?.optNum('autoScalingTargetValue') ?? previous?.scalingTarget.autoScalingTargetValue ?? 60,
    };
    if (scalingTarget.minTaskCount < 1 || scalingTarget.maxTaskCount < scalingTarget.minTaskCount) {
      throw invalid('scalingTarget: minTaskCount must be at least 1 and at most maxTaskCount.');
    }
    return {
      networkConfiguration: {
        subnets:
          network?.strs('subnets') ??
          previous?.networkConfiguration.subnets ??
          state.ec2.subnets.map((s) => s.id),
        securityGroups:
          network?.strs('securityGroups') ?? previous?.networkConfiguration.securityGroups ?? [],
      },
      healthCheckPath: p.optStr('healthCheckPath') ?? previous?.healthCheckPath ?? '/ping',
      scalingTarget,
    };
  }

  function readContainerConfiguration(p: Params, previous?: ExpressConfiguration) {
    const container = p.optObj('primaryContainer');
    if (!previous && !container?.optStr('image')) throw invalid('primaryContainer.image is required.');
    // An update from a caller's own task definition back to a container needs the whole container.
    if (previous?.ownTaskDefinition && !container?.optStr('image'))
      throw invalid('primaryContainer.image is required when the service runs a task definition of yours.');
    const executionRoleArn = p.optStr('executionRoleArn') ?? previous?.executionRoleArn;
    if (!executionRoleArn) throw invalid('executionRoleArn is required.');
    if (!roleTrusts(executionRoleArn, 'ecs-tasks.amazonaws.com')) {
      throw invalid(
        `The execution role ${executionRoleArn} does not exist or does not trust ecs-tasks.amazonaws.com.`,
      );
    }
    const taskRoleArn = p.optStr('taskRoleArn') ?? previous?.taskRoleArn;
    return {
      ...readSettings(p, previous),
      ...(executionRoleArn ? { executionRoleArn } : {}),
      ...(taskRoleArn ? { taskRoleArn } : {}),
      cpu: p.optStr('cpu') ?? previous?.cpu ?? '1024',
      memory: p.optStr('memory') ?? previous?.memory ?? '2048',
      cpuArchitecture: p.optStr('cpuArchitecture') ?? previous?.cpuArchitecture ?? 'X86_64',
      primaryContainer: (container?.raw as Record<string, Value> | undefined) ?? previous!.primaryContainer,
    };
  }

  function revision(
    s: ExpressService,
    taskDefinitionArn: string,
    c: Awaited<ReturnType<typeof readConfiguration>>,
  ): ExpressConfiguration {
    const { taskDefinitionArn: _given, ...settings } = c as typeof c & { taskDefinitionArn?: string };
    return {
      ...settings,
      serviceRevisionArn: state.arn('ecs', `service-revision/${s.cluster}/${s.name}/${state.digits(19)}`),
      taskDefinitionArn,
      ingressPaths: [{ accessType: 'PUBLIC', endpoint: s.endpoint }],
      createdAt: new Date(),
    };
  }

  return {
    CreateExpressGatewayService: async (p) => {
      const infrastructureRoleArn = p.str('infrastructureRoleArn');
      if (!roleTrusts(infrastructureRoleArn, 'ecs.amazonaws.com')) {
        throw invalid(
          `Unable to assume the infrastructure role ${infrastructureRoleArn}: it does not exist or does not trust ecs.amazonaws.com.`,
        );
      }
      const name = p.optStr('serviceName') ?? `svc-${state.hex(8)}`;
      if (!/^[A-Za-z][A-Za-z0-9_-]{0,254}$/.test(name)) throw invalid(`serviceName ${name} is not valid.`);
      const cluster = p.optStr('cluster') ?? 'default';
      if (state.ecs.clusters.get(cluster)?.status !== 'ACTIVE') {
        await call('CreateCluster', { clusterName: cluster });
      }
      const arn = state.arn('ecs', `service/${cluster}/${name}`);
      const existing = store.get(arn);
      if (existing && underlying(existing)?.status === 'ACTIVE')
        throw invalid('Creation of service was not idempotent.');
      const tags = p.list('tags').map((t) => ({ key: t.str('key'), value: t.optStr('value') ?? '' }));
      const s: ExpressService = {
        arn,
        name,
        cluster,
        infrastructureRoleArn,
        endpoint: `https://${name.toLowerCase()}-${state.hex(8)}.ecs.${state.region}.on.aws`,
        configurations: [],
        tags,
        createdAt: new Date(),
        updatedAt: new Date(),
      };
      const configuration = await readConfiguration(p);
      const taskDefinitionArn =
        'taskDefinitionArn' in configuration && configuration.taskDefinitionArn
          ? configuration.taskDefinitionArn
          : await register(s, configuration);
      await call('CreateService', {
        cluster,
        serviceName: name,
        taskDefinition: taskDefinitionArn,
        desiredCount: configuration.scalingTarget.minTaskCount,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: configuration.networkConfiguration.subnets,
            securityGroups: configuration.networkConfiguration.securityGroups,
            assignPublicIp: 'DISABLED',
          },
        },
        // Express rolls out with a 5 % canary and a 3-minute bake; the fake's deployment clock
        // moves it as any deployment (see README), with the circuit breaker on as Express has it.
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        tags: tags.map((t) => ({ key: t.key, value: t.value })),
      });
      s.configurations.push(revision(s, taskDefinitionArn, configuration));
      store.set(arn, s);
      return { service: view(s, true) };
    },
    UpdateExpressGatewayService: async (p) => {
      const s = find(p);
      if (underlying(s)?.status !== 'ACTIVE')
        throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
      const configuration = await readConfiguration(p, s.configurations.at(-1));
      const taskDefinitionArn =
        'taskDefinitionArn' in configuration && configuration.taskDefinitionArn
          ? configuration.taskDefinitionArn
          : await register(s, configuration);
      await call('UpdateService', {
        cluster: s.cluster,
        service: s.name,
        taskDefinition: taskDefinitionArn,
        desiredCount: configuration.scalingTarget.minTaskCount,
      });
      const target = revision(s, taskDefinitionArn, configuration);
      s.configurations.push(target);
      s.updatedAt = new Date();
      return {
        service: {
          serviceArn: s.arn,
          cluster: s.cluster,
          serviceName: s.name,
          status: statusOf(s),
          targetConfiguration: configurationView(target),
          createdAt: s.createdAt,
          updatedAt: s.updatedAt,
        },
      };
    },
    DescribeExpressGatewayService: (p) => {
      const s = find(p);
      return { service: view(s, p.strs('include').includes('TAGS')) };
    },
    DeleteExpressGatewayService: async (p) => {
      const s = find(p);
      if (underlying(s)?.status !== 'ACTIVE')
        throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
      await call('DeleteService', { cluster: s.cluster, service: s.name, force: true });
      return { service: view(s, false) };
    },
  };
}
