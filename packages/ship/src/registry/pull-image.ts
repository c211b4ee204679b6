// Reading an image from a registry into the content store: the manifest (chosen by platform
// from a multi-arch index), the config and every layer, each checked against its digest.
// Blobs already in the store are not downloaded again.

import { UserError } from '../errors.js';
import type { Digest } from '../image/digest.js';
import type { ImageConfig } from '../image/image-config.js';
import type { ImageManifest } from '../image/image-manifest.js';
import { isIndexMediaType, isManifestMediaType, MediaType } from '../image/media-types.js';
import { formatPlatform, type IndexEntry, type Platform, selectPlatform } from '../image/platform.js';
import { formatReference, type ImageReference } from '../image/reference.js';
import type { ProgressSink } from '../progress/progress-events.js';
import type { ContentStore } from '../store/content-store.js';
import { pullScope } from './auth-challenge.js';
import { type CredentialSource, resolveCredentials } from './credentials.js';
import { RegistryClient, short } from './registry-client.js';

export interface PulledImage {
  reference: ImageReference;
  /** Digest of the platform's manifest. */
  digest: Digest;
  /** Digest of the multi-arch index it was chosen from, if any. */
  indexDigest?: Digest;
  manifest: ImageManifest;
  manifestBytes: Buffer;
  config: ImageConfig;
}

export interface PullOptions {
  platform: Platform;
  store: ContentStore;
  insecure?: boolean;
  credentials?: CredentialSource;
  onProgress?: ProgressSink;
  /** Only the manifest and config, not the layers. */
  metadataOnly?: boolean;
}

async function cachedManifest(store: ContentStore, digest: Digest | undefined): Promise<Buffer | undefined> {
  if (!digest || !(await store.has(digest))) return undefined;
  return store.read(digest);
}

/** The media type a manifest says it has, or (OCI allows leaving it out) the one its shape shows. */
export function manifestKind(bytes: Buffer): string {
  const parsed = JSON.parse(bytes.toString()) as {
    mediaType?: string;
    manifests?: unknown;
    config?: unknown;
  };
  return parsed.mediaType ?? (parsed.manifests ? MediaType.ociIndex : MediaType.ociManifest);
}

export async function pullImage(reference: ImageReference, options: PullOptions): Promise<PulledImage> {
  const { store, platform } = options;
  const emit = options.onProgress ?? (() => {});
  const name = formatReference(reference);
  const scopes = [pullScope(reference.repository)];
  let client: RegistryClient | undefined;
  const connect = async () => {
    if (!client) {
      client = new RegistryClient({
        registry: reference.registry,
        insecure: options.insecure ?? false,
        credentials: options.credentials ?? resolveCredentials(reference.registry),
      });
      await client.ping();
    }
    return client;
  };
  const manifestBytes = async (
    ref: string,
  ): Promise<{ bytes: Buffer; digest: Digest; mediaType: string }> => {
    const cached = await cachedManifest(store, ref.startsWith('sha256:') ? (ref as Digest) : undefined);
    if (cached) return { bytes: cached, digest: ref as Digest, mediaType: manifestKind(cached) };
    const fetched = await (await connect()).getManifest(reference.repository, ref, scopes);
    await store.put(fetched.bytes);
    return fetched;
  };

  emit({ id: `base ${name}`, label: `base ${name}`, state: 'active', note: 'resolving' });
  let top = await manifestBytes(reference.digest ?? reference.tag ?? 'latest');
  let indexDigest: Digest | undefined;
  let parsed = JSON.parse(top.bytes.toString()) as ImageManifest & { manifests?: IndexEntry[] };
  if (isIndexMediaType(top.mediaType) || (parsed.manifests && !parsed.layers)) {
    indexDigest = top.digest;
    const entry = selectPlatform(parsed.manifests ?? [], platform);
    if (!entry) {
      const offered = (parsed.manifests ?? [])
        .map((m) => `${m.platform?.os}/${m.platform?.architecture}`)
        .join(', ');
      throw new UserError(
        `${name} has no ${formatPlatform(platform)} image (it has: ${offered || 'none'})`,
        'pick another --platform or --base',
      );
    }
    top = await manifestBytes(entry.digest);
    parsed = JSON.parse(top.bytes.toString()) as typeof parsed;
  }
  if (!isManifestMediaType(parsed.mediaType ?? top.mediaType) || !parsed.config) {
    throw new UserError(
      `${name}: unsupported manifest type ${parsed.mediaType ?? top.mediaType}`,
      'use an OCI or Docker v2 image',
    );
  }
  const manifest = parsed as ImageManifest;
  const blobs = [manifest.config, ...(options.metadataOnly ? [] : manifest.layers)];
  let done = 0;
  for (const blob of blobs) {
    if (!(await store.has(blob.digest))) {
      const c = await connect();
      const id = blob.digest;
      const label = `base ${short(blob.digest)}`;
      emit({ id, label, state: 'active', current: 0, total: blob.size, note: 'downloading' });
      await store.receive(blob.digest, (sink) =>
        c.downloadBlob(reference.repository, blob.digest, sink, scopes),
      );
      emit({ id, label, state: 'done', current: blob.size, total: blob.size });
    }
    done++;
  }
  const config = JSON.parse((await store.read(manifest.config.digest)).toString()) as ImageConfig;
  if (config.architecture !== platform.architecture || config.os !== platform.os) {
    throw new UserError(
      `${name} is a ${config.os}/${config.architecture} image, not ${formatPlatform(platform)}`,
      'pick a multi-arch base or the matching --platform',
    );
  }
  emit({ id: `base ${name}`, label: `base ${name}`, state: 'done', note: `${done} blobs` });
  return {
    reference,
    digest: top.digest,
    ...(indexDigest ? { indexDigest } : {}),
    manifest,
    manifestBytes: top.bytes,
    config,
  };
}
