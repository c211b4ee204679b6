// Pushes a one-layer image to the fake's ECR registry with the credentials GetAuthorizationToken
// hands out, as a registry client would, and answers what the registry said about the manifest.
import { createHash } from 'node:crypto';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import type { FakeAws } from './index.js';
import { sdkConfig } from './sdk-config.js';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface ManifestAnswer {
  status: number;
  /** The manifest's digest (what the registry stores it under when it accepts it). */
  digest: string;
  /** The registry's error body, when it refused. */
  body: string;
}

/** Pushes and answers the manifest PUT's outcome; `content` varies the layer (a new digest). */
export async function tryPushTestImage(
  fake: FakeAws,
  repository: string,
  tag: string,
  options: { region?: string; content?: string } = {},
): Promise<ManifestAnswer> {
  const ecr = new ECRClient(sdkConfig(fake, options.region ? { region: options.region } : {}));
  const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!;
  ecr.destroy();
  const base = `${token.proxyEndpoint}/v2/${repository}`;
  const authorization = `Basic ${token.authorizationToken}`;
  const upload = async (blob: Buffer) => {
    const started = await fetch(`${base}/blobs/uploads/`, { method: 'POST', headers: { authorization } });
    if (started.status !== 202)
      throw new Error(`blob upload start: ${started.status} ${await started.text()}`);
    const location = new URL(started.headers.get('location')!, base);
    location.searchParams.set('digest', sha256(blob));
    const put = await fetch(location, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'application/octet-stream' },
      body: blob,
    });
    if (put.status !== 201) throw new Error(`blob upload: ${put.status} ${await put.text()}`);
    return { digest: sha256(blob), size: blob.length };
  };
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const layer = Buffer.from(options.content ?? `layer for ${tag}`);
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
  return { status: put.status, digest: sha256(manifest), body: await put.text() };
}

/** Pushes and answers the digest; throws when the registry refuses. */
export async function pushTestImage(
  fake: FakeAws,
  repository: string,
  tag: string,
  options: { region?: string; content?: string } = {},
): Promise<string> {
  const answer = await tryPushTestImage(fake, repository, tag, options);
  if (answer.status !== 201) throw new Error(`manifest PUT: ${answer.status} ${answer.body}`);
  return answer.digest;
}

/**
 * Without a registry the fake's repositories hold only the images a test says they hold: records
 * each `<account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:…` of the default region in its
 * repository (which must exist), as a push would, so DescribeImages finds it.
 */
export function holdImages(fake: FakeAws, references: readonly string[]): void {
  for (const reference of references) {
    const match = /^[^/]+\/(.+)@(sha256:[0-9a-f]{64})$/.exec(reference);
    const repo = match && fake.state.ecr.repositories.get(match[1] ?? '');
    if (!match || !repo) throw new Error(`holdImages: ${reference} names no repository of the fake`);
    if (!repo.images.some((i) => i.digest === match[2]))
      repo.images.push({ digest: match[2] ?? '', tags: [], sizeBytes: 0, pushedAt: new Date() });
  }
}
