// Publishing an image to a registry: every blob the registry lacks goes up (mounted from the base's
import { Readable } from 'node:stream';
import { UserError } from '../errors.js';
// repository when it is on the same registry), the rest are skipped, then the manifest by each tag.
import type { BuiltImage } from '../image/built-image.js';
import type { Digest } from '../image/digest.js';
import { parseReference } from '../image/reference.js';
import type { ProgressSink } from '../progress/progress-events.js';
import { pullScope, pushScope } from './auth-challenge.js';
import { type CredentialSource, resolveCredentials } from './credentials.js';
import { RegistryClient, short } from './registry-client.js';
import { RegistryError } from './registry-errors.js';
import type { RetryPolicy } from './retry.js';

export interface PushOptions {
  /** `registry/repository`, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/ebov-dash`. */
  repo: string;
  /** Tags to push; defaults to the image's own tags. */
  tags?: readonly string[];
  insecure?: boolean;
  credentials?: CredentialSource;
  /** AWS profile for ECR logins. */
  awsProfile?: string;
  onProgress?: ProgressSink;
  concurrency?: number;
  chunkSize?: number;
  retry?: RetryPolicy;
}

export interface PushResult {
  /** `registry/repository@sha256:…`: what a deployment should refer to. */
  reference: string;
  digest: Digest;
  repository: string;
  registry: string;
  tags: string[];
  /** Layer and config bytes sent (0 when the registry had everything). */
  bytesUploaded: number;
  layersUploaded: number;
  layersSkipped: number;
  layersMounted: number;
}

export function parseRepo(repo: string): { registry: string; repository: string } {
  let ref: ReturnType<typeof parseReference>;
  try {
    ref = parseReference(repo);
  } catch (error) {
    throw new UserError(
      `--repo ${(error as Error).message}`,
      'write it as <registry>/<repository>, e.g. 127.0.0.1:5000/ebov-dash',
    );
  }
  if (ref.tag || ref.digest) {
    throw new UserError(
      `--repo "${repo}": give the repository without a tag or digest`,
      'use --tag for tags',
    );
  }
  if (!repo.includes('/')) {
    throw new UserError(
      `--repo "${repo}": name the registry too`,
      'e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ebov-dash',
    );
  }
  return { registry: ref.registry, repository: ref.repository };
}

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(workers);
}

export async function pushImage(image: BuiltImage, options: PushOptions): Promise<PushResult> {
  const { registry, repository } = parseRepo(options.repo);
  const client = new RegistryClient({
    registry,
    insecure: options.insecure ?? false,
    credentials:
      options.credentials ??
      resolveCredentials(registry, options.awsProfile ? { awsProfile: options.awsProfile } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
  });
  const emit = options.onProgress ?? (() => {});
  const scopes = [pushScope(repository)];
  emit({ id: 'registry', label: `registry ${registry}`, state: 'active' });
  await client.ping();
  emit({ id: 'registry', label: `registry ${registry}`, state: 'done' });

  const blobs = [
    ...image.layers.map((layer) => ({ ...layer })),
    {
      role: 'config',
      description: 'config',
      digest: image.config.digest,
      size: image.config.bytes.length,
      source: undefined,
    },
  ];
  const result = { bytesUploaded: 0, layersUploaded: 0, layersSkipped: 0, layersMounted: 0 };
  await eachLimited(blobs, options.concurrency ?? 3, async (blob) => {
    const id = blob.digest;
    const label = [blob.role, short(blob.digest), blob.description].filter(Boolean).join(' ');
    emit({ id, label, state: 'active', current: 0, total: blob.size, note: 'checking' });
    if (await client.blobExists(repository, blob.digest, scopes)) {
      if (blob.role !== 'config') result.layersSkipped++;
      emit({ id, label, state: 'skipped', total: blob.size, note: 'already in the registry' });
      return;
    }
    const from = blob.source;
    if (from && from.registry === registry && from.repository !== repository) {
      const mountScopes = [...scopes, pullScope(from.repository)];
      if (await client.mountBlob(repository, blob.digest, from.repository, mountScopes)) {
        result.layersMounted++;
        emit({ id, label, state: 'skipped', total: blob.size, note: `mounted from ${from.repository}` });
        return;
      }
    }
    const body =
      blob.role === 'config'
        ? (start = 0, end = blob.size) => bufferStream(image.config.bytes.subarray(start, end))
        : (start = 0, end = blob.size) => image.blobs.open(blob.digest, start, end);
    await client.uploadBlob({
      repository,
      digest: blob.digest,
      size: blob.size,
      scopes,
      open: body,
      onBytes: (sent) => emit({ id, label, state: 'active', current: sent, total: blob.size }),
      onRetry: (error) =>
        emit({
          id,
          label,
          state: 'active',
          current: 0,
          total: blob.size,
          note: `retrying: ${(error as Error).message}`,
        }),
    });
    result.bytesUploaded += blob.size;
    if (blob.role !== 'config') result.layersUploaded++;
    emit({ id, label, state: 'done', current: blob.size, total: blob.size });
  });

  const tags = [...(options.tags ?? image.tags)];
  const manifestId = 'manifest';
  emit({ id: manifestId, label: `manifest ${short(image.manifest.digest)}`, state: 'active' });
  const references = tags.length > 0 ? tags : [image.manifest.digest];
  for (const reference of references) {
    await putTag(client, repository, reference, image, scopes, registry);
  }
  emit({
    id: manifestId,
    label: `manifest ${short(image.manifest.digest)}`,
    state: 'done',
    note: tags.join(', '),
  });
  return {
    reference: `${registry}/${repository}@${image.manifest.digest}`,
    digest: image.manifest.digest,
    registry,
    repository,
    tags,
    ...result,
  };
}

/**
 * PUTs the manifest under one tag. A registry with immutable tags (ECR's IMMUTABLE repositories)
 * refuses a tag that exists, even for the same image: when the tag already names this image the
 * push is done; when it names another image, say which one and what to do, rather than fail the
 * deploy later.
 */
async function putTag(
  client: RegistryClient,
  repository: string,
  reference: string,
  image: BuiltImage,
  scopes: readonly string[],
  registry: string,
): Promise<void> {
  try {
    await client.putManifest(repository, reference, image.manifest.bytes, image.manifest.mediaType, scopes);
  } catch (error) {
    if (!(error instanceof RegistryError) || !error.codes.includes('TAG_INVALID')) throw error;
    const existing = await client.getManifest(repository, reference, scopes).catch(() => undefined);
    if (existing?.digest === image.manifest.digest) return;
    throw new UserError(
      `${registry}/${repository}:${reference} already names another image${existing ? ` (${short(existing.digest)})` : ''}, and the repository's tags are immutable; this image is ${short(image.manifest.digest)}`,
      'push it under another tag (--tag), or deploy the image by digest',
    );
  }
}

function bufferStream(bytes: Buffer) {
  return Readable.from([bytes]);
}
