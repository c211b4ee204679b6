// An image ready to write or push: its manifest and config bytes, its layers and where their
// bytes live. Produced by `buildImage`, or read back from an OCI layout / archive.
import type { Readable } from 'node:stream';
import type { Digest } from './digest.js';
import type { ImageConfig } from './image-config.js';
import type { ImageManifest, Serialized } from './image-manifest.js';
import type { Platform } from './platform.js';

export type LayerRole = 'base' | 'dependencies' | 'app' | 'data' | 'layer';

export interface ImageLayer {
  role: LayerRole;
  /** e.g. "node_modules (66 packages)", "app packages/dashboard". */
  description: string;
  mediaType: string;
  digest: Digest;
  size: number;
  /** A repository that already holds this blob, for a cross-repository mount on the same registry. */
  source?: { registry: string; repository: string };
}

/** Reads blob bytes by digest, from `start` to `end` (exclusive). */
export interface BlobSource {
  open(digest: Digest, start?: number, end?: number): Readable;
}

export interface BuiltImage {
  manifest: Serialized<ImageManifest>;
  config: Serialized<ImageConfig>;
  layers: ImageLayer[];
  platform: Platform;
  /** Tags to push, e.g. ["main-0123abc"]. */
  tags: string[];
  base?: { reference: string; digest: Digest };
  blobs: BlobSource;
}
