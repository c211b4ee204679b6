// ECR and ECS against a real OCI registry (Debian's docker-registry) behind
// basic auth: DescribeImages reports what was pushed, and a task whose image
// is not in the registry fails to pull, as on Fargate.
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ECRClient,
  ImageNotFoundException,
} from '@aws-sdk/client-ecr';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { createService, registerTaskDefinition } from './fixtures.js';
import { type FakeAws, startFakeAws } from './index.js';
import { pushTestImage } from './push-test-image.js';
import { sdkConfig } from './sdk-config.js';

let registry: TestRegistry;
let fake: FakeAws;
const password = `pw-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  registry = await startRegistry({ auth: { username: 'AWS', password } });
  fake = await startFakeAws({ registryHost: registry.host, registryPassword: password, pollsToStable: 1 });
});
afterAll(async () => {
  await fake?.close();
  await registry?.stop();
});

const push = (repository: string, tag: string) => pushTestImage(fake, repository, tag);

describe('with a real registry', () => {
  it('DescribeImages reports the pushed image by tag and digest', async () => {
    const ecr = new ECRClient(sdkConfig(fake));
    const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'images-demo' }));
    expect(repository!.repositoryUri).toBe(`${fake.registryHost}/images-demo`);
    const digest = await push('images-demo', 'v1');
    const byTag = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'images-demo', imageIds: [{ imageTag: 'v1' }] }),
    );
    expect(byTag.imageDetails![0]).toMatchObject({ imageDigest: digest, imageTags: ['v1'] });
    expect(byTag.imageDetails![0]!.imageSizeInBytes).toBeGreaterThan(0);
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'images-demo', imageIds: [{ imageTag: 'v2' }] })),
    ).rejects.toBeInstanceOf(ImageNotFoundException);
  });

  it('runs a pushed image and fails to pull one that is not there', async () => {
    const ecs = new ECSClient(sdkConfig(fake));
    await new ECRClient(sdkConfig(fake)).send(new CreateRepositoryCommand({ repositoryName: 'run-demo' }));
    const digest = await push('run-demo', 'v1');
    await createService(fake, { image: `${registry.host}/run-demo@${digest}` });
    const ok = await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] }));
    expect(ok.services![0]!.deployments![0]!.rolloutState).toBe('COMPLETED');

    fake.state.options.circuitBreakerThreshold = 1;
    const missing = await registerTaskDefinition(fake, { image: `${registry.host}/run-demo:never-pushed` });
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', taskDefinition: missing }),
    );
    await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'] }));
    const { taskArns } = await ecs.send(
      new ListTasksCommand({ cluster: 'demo', serviceName: 'demo-prod', desiredStatus: 'STOPPED' }),
    );
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'demo', tasks: taskArns }));
    const failed = tasks!.find((t) => t.taskDefinitionArn === missing)!;
    expect(failed.stopCode).toBe('TaskFailedToStart');
    expect(failed.stoppedReason).toBe(
      `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${registry.host}/run-demo:never-pushed: ${registry.host}/run-demo:never-pushed: not found`,
    );
  });
});
