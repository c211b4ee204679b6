// ECR and ECS against a real OCI registry (Debian's docker-registry) behind
// basic auth: DescribeImages reports what was pushed, and a task whose image
// is not in the registry fails to pull, as on Fargate.
import { createHash } from 'node:crypto';
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
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

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Pushes a one-layer image with the credentials GetAuthorizationToken hands out. */
async function push(repository: string, tag: string): Promise<string> {
  const ecr = new ECRClient(sdkConfig(fake));
  const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!;
  const base = `${token.proxyEndpoint}/v2/${repository}`;
  const authorization = `Basic ${token.authorizationToken}`;
  const upload = async (blob: Buffer) => {
    const started = await fetch(`${base}/blobs/uploads/`, { method: 'POST', headers: { authorization } });
    expect(started.status).toBe(202);
    const location = new URL(started.headers.get('location')!, base);
    location.searchParams.set('digest', sha256(blob));
    const put = await fetch(location, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'application/octet-stream' },
      body: blob,
    });
    expect(put.status).toBe(201);
    return { digest: sha256(blob), size: blob.length };
  };
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const layer = Buffer.from(`layer for ${tag}`);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...(await upload(config)) },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...(await upload(layer)) }],
    }),
  );
  const put = await fetch(`${base}/manifests/${tag}`, {
    method: 'PUT',
    headers: { authorization, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  expect(put.status).toBe(201);
  return sha256(manifest);
}

describe('with a real registry', () => {
  it('DescribeImages reports the pushed image by tag and digest', async () => {
    const ecr = new ECRClient(sdkConfig(fake));
    const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'images-demo' }));
    expect(repository!.repositoryUri).toBe(`${registry.host}/images-demo`);
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
