// ECS Express Mode in the fake, through the real SDK: an Express Gateway
// service gets an HTTPS endpoint, runs as an ECS service whose deployments move
// on the fake's clock, takes updates as new revisions, and drains on delete;
// its answers are walked against the SDK's model.
import * as ecs from '@aws-sdk/client-ecs';
import * as iam from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';
import { conformance, type RecordingProxy, startRecordingProxy } from './sdk-conformance.js';

let fake: FakeAws;
let proxy: RecordingProxy;
let client: ecs.ECSClient;
const roles = { execution: '', infrastructure: '' };

const trust = (service: string) =>
  JSON.stringify({
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

beforeAll(async () => {
  fake = await startFakeAws({ pollsToStable: 2 });
  proxy = await startRecordingProxy(fake.endpoint);
  client = new ecs.ECSClient(sdkConfig({ ...fake, endpoint: proxy.endpoint } as FakeAws, { maxAttempts: 1 }));
  const roleClient = new iam.IAMClient(sdkConfig(fake));
  for (const [key, service] of [
    ['execution', 'ecs-tasks.amazonaws.com'],
    ['infrastructure', 'ecs.amazonaws.com'],
  ] as const) {
    const out = await roleClient.send(
      new iam.CreateRoleCommand({ RoleName: `shop-${key}`, AssumeRolePolicyDocument: trust(service) }),
    );
    roles[key] = out.Role!.Arn!;
  }
  roleClient.destroy();
});
afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await fake?.close();
});

const describeExpress = async (serviceArn: string) =>
  (await client.send(new ecs.DescribeExpressGatewayServiceCommand({ serviceArn, include: ['TAGS'] })))
    .service!;
const tick = (n: number) =>
  Promise.all(
    Array.from({ length: n }, () =>
      client.send(new ecs.DescribeServicesCommand({ cluster: 'default', services: ['shop'] })),
    ),
  );

describe('Express Gateway service', () => {
  let serviceArn = '';
  it('creates an ECS service with a public HTTPS endpoint and Express defaults', async () => {
    const created = await client.send(
      new ecs.CreateExpressGatewayServiceCommand({
        serviceName: 'shop',
        executionRoleArn: roles.execution,
        infrastructureRoleArn: roles.infrastructure,
        primaryContainer: {
          image: 'registry.test/shop@sha256:' + 'a'.repeat(64),
          containerPort: 8080,
          environment: [{ name: 'NODE_ENV', value: 'production' }],
        },
        healthCheckPath: '/healthz',
        cpu: '256',
        memory: '512',
        scalingTarget: { minTaskCount: 1, maxTaskCount: 3 },
        tags: [{ key: 'ship:app', value: 'shop' }],
      }),
    );
    serviceArn = created.service!.serviceArn!;
    expect(serviceArn).toBe('arn:aws:ecs:us-east-1:123456789012:service/default/shop');
    expect(created.service!.status).toEqual({ statusCode: 'ACTIVE' });
    const [configuration] = created.service!.activeConfigurations!;
    expect(configuration!.ingressPaths).toEqual([
      {
        accessType: 'PUBLIC',
        endpoint: expect.stringMatching(/^https:\/\/shop-[0-9a-f]{8}\.ecs\.us-east-1\.on\.aws$/),
      },
    ]);
    expect(configuration).toMatchObject({
      cpu: '256',
      memory: '512',
      cpuArchitecture: 'X86_64',
      healthCheckPath: '/healthz',
      scalingTarget: {
        minTaskCount: 1,
        maxTaskCount: 3,
        autoScalingMetric: 'AVERAGE_CPU',
        autoScalingTargetValue: 60,
      },
    });
    const definition = await client.send(
      new ecs.DescribeTaskDefinitionCommand({ taskDefinition: configuration!.taskDefinitionArn }),
    );
    expect(definition.taskDefinition?.containerDefinitions?.[0]?.portMappings?.[0]?.containerPort).toBe(8080);
    // It is an ECS service: its deployment completes on the fake's clock.
    const [, second] = await tick(2);
    expect(second!.services?.[0]?.deployments?.[0]?.rolloutState).toBe('COMPLETED');
  });

  it('an update is a new revision, active once its deployment completed', async () => {
    const before = await describeExpress(serviceArn);
    const updated = await client.send(
      new ecs.UpdateExpressGatewayServiceCommand({
        serviceArn,
        primaryContainer: { image: 'registry.test/shop@sha256:' + 'b'.repeat(64), containerPort: 8080 },
      }),
    );
    const target = updated.service!.targetConfiguration!;
    expect(target.serviceRevisionArn).not.toBe(before.activeConfigurations![0]!.serviceRevisionArn);
    expect(target.primaryContainer?.image).toContain('bbbb');
    // Unchanged settings are kept from the previous revision.
    expect(target).toMatchObject({ cpu: '256', healthCheckPath: '/healthz' });
    expect((await describeExpress(serviceArn)).activeConfigurations![0]!.primaryContainer?.image).toContain(
      'aaaa',
    );
    await tick(2);
    const after = await describeExpress(serviceArn);
    expect(after.activeConfigurations!.map((c) => c.serviceRevisionArn)).toEqual([target.serviceRevisionArn]);
    expect(after.tags).toEqual([{ key: 'ship:app', value: 'shop' }]);
    expect(after.currentDeployment).toMatch(/:service-deployment\/default\/shop\//);
  });

  it('refuses what ECS refuses: no infrastructure role trust, no image', async () => {
    await expect(
      client.send(
        new ecs.CreateExpressGatewayServiceCommand({
          serviceName: 'other',
          executionRoleArn: roles.execution,
          infrastructureRoleArn: roles.execution,
          primaryContainer: { image: 'x' },
        }),
      ),
    ).rejects.toThrow('does not trust ecs.amazonaws.com');
    await expect(
      client.send(
        new ecs.CreateExpressGatewayServiceCommand({
          serviceName: 'other',
          executionRoleArn: roles.execution,
          infrastructureRoleArn: roles.infrastructure,
        }),
      ),
    ).rejects.toThrow('primaryContainer.image is required');
  });

  it('[express-own-task-definition] takes a task definition of the caller’s own, as ECS checks it', async () => {
    const register = async (family: string, container: Record<string, unknown>) =>
      (
        await client.send(
          new ecs.RegisterTaskDefinitionCommand({
            family,
            requiresCompatibilities: ['FARGATE'],
            networkMode: 'awsvpc',
            cpu: '256',
            memory: '512',
            executionRoleArn: roles.execution,
            containerDefinitions: [
              {
                name: 'Main',
                image: 'registry.test/own@sha256:' + 'c'.repeat(64),
                essential: true,
                ...container,
              },
            ],
          }),
        )
      ).taskDefinition!.taskDefinitionArn!;
    const good = await register('own', {
      portMappings: [{ containerPort: 8080, protocol: 'tcp', name: 'http' }],
    });
    const unnamed = await register('own-unnamed', {
      portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
    });
    const create = (input: Partial<ecs.CreateExpressGatewayServiceCommandInput>) =>
      client.send(
        new ecs.CreateExpressGatewayServiceCommand({
          serviceName: 'own',
          infrastructureRoleArn: roles.infrastructure,
          ...input,
        }),
      );
    await expect(create({ taskDefinitionArn: good, cpu: '512' })).rejects.toThrow(
      "You can't specify cpu together with taskDefinitionArn.",
    );
    await expect(create({ taskDefinitionArn: unnamed })).rejects.toThrow(
      'must have a single TCP port mapping with a container port and a port name',
    );
    const created = await create({ taskDefinitionArn: good, healthCheckPath: '/readyz' });
    const [active] = created.service!.activeConfigurations!;
    expect(active).toMatchObject({ taskDefinitionArn: good, cpu: '256', executionRoleArn: roles.execution });
    // An update that names no definition field keeps the caller's definition.
    const updated = await client.send(
      new ecs.UpdateExpressGatewayServiceCommand({
        serviceArn: created.service!.serviceArn!,
        healthCheckPath: '/ping',
      }),
    );
    expect(updated.service!.targetConfiguration!.taskDefinitionArn).toBe(good);
  });

  it('[express-settings] refuses a health path without / and an unknown scaling metric', async () => {
    const serviceArn = 'arn:aws:ecs:us-east-1:123456789012:service/default/own';
    await expect(
      client.send(new ecs.UpdateExpressGatewayServiceCommand({ serviceArn, healthCheckPath: 'healthz' })),
    ).rejects.toThrow('must start with a forward slash');
    await expect(
      client.send(
        new ecs.UpdateExpressGatewayServiceCommand({
          serviceArn,
          scalingTarget: { autoScalingMetric: 'P99' as ecs.ExpressGatewayServiceScalingMetric },
        }),
      ),
    ).rejects.toThrow('autoScalingMetric P99 is not valid');
  });

  it('delete drains the service', async () => {
    const deleted = await client.send(new ecs.DeleteExpressGatewayServiceCommand({ serviceArn }));
    expect(deleted.service?.status).toEqual({ statusCode: 'DRAINING' });
    await expect(
      client.send(new ecs.UpdateExpressGatewayServiceCommand({ serviceArn, cpu: '512' })),
    ).rejects.toMatchObject({
      name: 'ServiceNotActiveException',
    });
  });

  it('sends only fields the SDK model knows', () => {
    const { problems, checked } = conformance({ ecs }, proxy.exchanges);
    expect(problems).toEqual([]);
    expect([...checked].filter((c) => c.includes('Express')).sort()).toEqual([
      'ecs.CreateExpressGatewayService',
      'ecs.DeleteExpressGatewayService',
      'ecs.DescribeExpressGatewayService',
      'ecs.UpdateExpressGatewayService',
    ]);
  });
});
