import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type Service,
  StopTaskCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

let fake: FakeAws;
afterEach(async () => {
  await fake?.close();
});

const subnets = ['subnet-0fa4e000000000001'];

async function setUp(ecs: ECSClient, options: { rollback?: boolean; breaker?: boolean } = {}) {
  await ecs.send(
    new CreateClusterCommand({ clusterName: 'demo', tags: [{ key: 'ship:app', value: 'demo' }] }),
  );
  const register = async (image: string) =>
    (
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'demo-prod',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          containerDefinitions: [
            { name: 'app', image, essential: true, portMappings: [{ containerPort: 8080 }] },
          ],
        }),
      )
    ).taskDefinition!.taskDefinitionArn!;
  const first = await register('127.0.0.1:5000/demo@sha256:aaaa');
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'demo',
      serviceName: 'demo-prod',
      taskDefinition: first,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets, assignPublicIp: 'ENABLED' } },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: options.breaker ?? true, rollback: options.rollback ?? true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
      },
    }),
  );
  return { first, register };
}

async function poll(ecs: ECSClient): Promise<Service> {
  const { services } = await ecs.send(
    new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] }),
  );
  return services![0]!;
}

describe('ECS deployments', () => {
  it('reaches COMPLETED on the pollsToStable-th DescribeServices, old tasks drained', async () => {
    fake = await startFakeAws({ pollsToStable: 3 });
    const ecs = new ECSClient(sdkConfig(fake));
    const { first, register } = await setUp(ecs);
    const states: string[] = [];
    for (let i = 0; i < 3; i++) states.push((await poll(ecs)).deployments![0]!.rolloutState!);
    expect(states).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED']);

    const second = await register('127.0.0.1:5000/demo@sha256:bbbb');
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', taskDefinition: second }),
    );
    expect(updated.service!.deployments!.map((d) => [d.status, d.taskDefinition])).toEqual([
      ['PRIMARY', second],
      ['ACTIVE', first],
    ]);
    const during = await poll(ecs);
    expect(during.deployments![0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      pendingCount: 1,
    });
    expect(during.deployments![1]).toMatchObject({ status: 'ACTIVE', runningCount: 1 });
    await poll(ecs);
    const done = await poll(ecs);
    expect(done.deployments).toHaveLength(1);
    expect(done.deployments![0]).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: second,
      rolloutState: 'COMPLETED',
      runningCount: 1,
    });
    expect(done.events![0]!.message).toBe('(service demo-prod) has reached a steady state.');
    expect(done.events![0]!.createdAt).toBeInstanceOf(Date);

    const running = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'demo-prod' }));
    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'demo', serviceName: 'demo-prod', desiredStatus: 'STOPPED' }),
    );
    expect(running.taskArns).toHaveLength(1);
    expect(stopped.taskArns).toHaveLength(1);
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: running.taskArns! }));
    expect(tasks![0]).toMatchObject({ lastStatus: 'RUNNING', taskDefinitionArn: second });
    expect(tasks![0]!.attachments![0]!.details!.find((d) => d.name === 'networkInterfaceId')!.value).toMatch(
      /^eni-/,
    );
  });

  it("satisfies the SDK's services-stable waiter, which (as on AWS) does not wait for COMPLETED", async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    const ecs = new ECSClient(sdkConfig(fake));
    await setUp(ecs);
    const result = await waitUntilServicesStable(
      { client: ecs, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { cluster: 'demo', services: ['demo-prod'] },
    );
    expect(result.state).toBe('SUCCESS');
    // One deployment with runningCount = desiredCount is "stable" to the waiter even though the
    // task is not yet healthy: why ship judges a deploy by the primary's rolloutState instead.
    expect(fake.state.ecs.services.values().next().value!.deployments[0]!.rolloutState).toBe('IN_PROGRESS');
    expect((await poll(ecs)).deployments![0]!.rolloutState).toBe('COMPLETED');
  });

  it('rolls a failing image back with the circuit breaker', async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    const ecs = new ECSClient(sdkConfig(fake));
    const { first, register } = await setUp(ecs);
    await poll(ecs);
    expect((await poll(ecs)).deployments![0]!.rolloutState).toBe('COMPLETED');

    fake.failImages(/sha256:bad/);
    const bad = await register('127.0.0.1:5000/demo@sha256:bad0');
    await ecs.send(new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', taskDefinition: bad }));
    let service = await poll(ecs);
    for (let i = 0; i < 20 && service.deployments![0]!.taskDefinition === bad; i++) service = await poll(ecs);
    const failed = service.deployments!.find((d) => d.taskDefinition === bad)!;
    expect(failed).toMatchObject({
      status: 'ACTIVE',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
      failedTasks: 3,
    });
    expect(service.deployments![0]).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: first,
      rolloutState: 'IN_PROGRESS',
    });
    expect(service.events!.map((e) => e.message)).toContain(
      `(service demo-prod) rolling back to taskDefinition ${first}.`,
    );

    const stopped = await ecs.send(
      new ListTasksCommand({ cluster: 'demo', serviceName: 'demo-prod', desiredStatus: 'STOPPED' }),
    );
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: stopped.taskArns! }));
    const crashed = tasks!.filter((t) => t.taskDefinitionArn === bad);
    expect(crashed).toHaveLength(3);
    expect(crashed[0]).toMatchObject({
      stoppedReason: 'Essential container in task exited',
      stopCode: 'EssentialContainerExited',
    });
    expect(crashed[0]!.containers![0]!.exitCode).toBe(1);

    for (let i = 0; i < 2; i++) service = await poll(ecs);
    expect(service.deployments).toHaveLength(1);
    expect(service.deployments![0]).toMatchObject({
      taskDefinition: first,
      rolloutState: 'COMPLETED',
      runningCount: 1,
    });
    expect(service.taskDefinition).toBe(first);

    const history = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'demo', service: 'demo-prod' }),
    );
    expect(history.serviceDeployments!.map((d) => d.status)).toEqual(['ROLLBACK_SUCCESSFUL', 'SUCCESSFUL']);
    const revisions = await ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: history.serviceDeployments!.map((d) => d.targetServiceRevisionArn!),
      }),
    );
    expect(revisions.serviceRevisions!.map((r) => r.taskDefinition)).toEqual([bad, first]);
    expect(revisions.serviceRevisions![0]!.containerImages![0]!.imageDigest).toBe('sha256:bad0');
  });

  it('keeps a failing deployment without a circuit breaker IN_PROGRESS (stuck), replacing tasks', async () => {
    fake = await startFakeAws({ pollsToStable: 1 });
    const ecs = new ECSClient(sdkConfig(fake));
    const { register } = await setUp(ecs, { breaker: false });
    await poll(ecs);
    fake.failImages((image) => image.endsWith(':stuck'));
    const stuck = await register('127.0.0.1:5000/demo:stuck');
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', taskDefinition: stuck }),
    );
    let service = await poll(ecs);
    for (let i = 0; i < 9; i++) service = await poll(ecs);
    expect(service.deployments![0]).toMatchObject({
      taskDefinition: stuck,
      rolloutState: 'IN_PROGRESS',
      failedTasks: 5,
    });
    expect(service.deployments![1]).toMatchObject({ status: 'ACTIVE', runningCount: 1 });
  });

  it('scales without a new deployment, replaces a stopped task, and a no-change update creates nothing', async () => {
    fake = await startFakeAws({ pollsToStable: 1 });
    const ecs = new ECSClient(sdkConfig(fake));
    const { first } = await setUp(ecs);
    await poll(ecs);
    const scaled = await ecs.send(
      new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', desiredCount: 2 }),
    );
    expect(scaled.service!.deployments).toHaveLength(1);
    await poll(ecs);
    const service = await poll(ecs);
    expect(service).toMatchObject({ desiredCount: 2, runningCount: 2 });

    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'demo', serviceName: 'demo-prod' }));
    const stopped = await ecs.send(
      new StopTaskCommand({ cluster: 'demo', task: taskArns![0]!, reason: 'test' }),
    );
    expect(stopped.task).toMatchObject({
      lastStatus: 'STOPPED',
      stoppedReason: 'test',
      stopCode: 'UserInitiated',
    });
    await poll(ecs);
    await poll(ecs);
    expect((await poll(ecs)).runningCount).toBe(2);

    const before = fake.calls().length;
    const same = await ecs.send(
      new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', taskDefinition: first }),
    );
    expect(same.service!.deployments).toHaveLength(1);
    expect(fake.calls().slice(before)).toEqual([{ service: 'ecs', action: 'UpdateService' }]);
  });
});
