// Image manifests and indexes, serialized once: the bytes we hash are the bytes we push.
import { type Digest, sha256 } from './digest.js';
import { layerMediaType, type ManifestFormat, MediaType } from './media-types.js';
import type { Platform } from './platform.js';

export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  annotations?: Record<string, string>;
  platform?: { os: string; architecture: string; variant?: string };
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/** A JSON document and the exact bytes that carry it. */
export interface Serialized<T> {
  value: T;
  bytes: Buffer;
  digest: Digest;
  mediaType: string;
}

export function serialize<T>(value: T, mediaType: string): Serialized<T> {
  const bytes = Buffer.from(JSON.stringify(value));
  return { value, bytes, digest: sha256(bytes), mediaType };
}

export function buildManifest(options: {
  format: ManifestFormat;
  config: { digest: Digest; size: number };
  layers: readonly { mediaType: string; digest: Digest; size: number }[];
  annotations: Readonly<Record<string, string>>;
}): Serialized<ImageManifest> {
  const docker = options.format === 'docker';
  const mediaType = docker ? MediaType.dockerManifest : MediaType.ociManifest;
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: docker ? MediaType.dockerConfig : MediaType.ociConfig, ...options.config },
    layers: options.layers.map((layer) => ({
      mediaType: layerMediaType(options.format, layer.mediaType),
      digest: layer.digest,
      size: layer.size,
    })),
    // Docker's schema 2 has no annotations; the same facts are in the config's labels.
    ...(docker ? {} : { annotations: { ...options.annotations } }),
  };
  return serialize(manifest, mediaType);
}

/** The index.json of an OCI layout, naming one image. */
export function buildLayoutIndex(
  manifest: Serialized<ImageManifest>,
  platform: Platform,
  refName?: string,
): ImageIndex {
  return {
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests: [
      {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.bytes.length,
        platform: {
          os: platform.os,
          architecture: platform.architecture,
          ...(platform.variant ? { variant: platform.variant } : {}),
        },
        ...(refName ? { annotations: { 'org.opencontainers.image.ref.name': refName } } : {}),
      },
    ],
  };
}
