// Publishing a built image to where it was asked to go (ko's `publish`): a registry, an OCI layout
// or an oci-archive. Commands compose `buildImage` and this; so does `ship deploy`.
import type { BuiltImage } from '../image/built-image.js';
import type { Digest } from '../image/digest.js';
import { formatPlatform } from '../image/platform.js';
import { repositoryNameFor } from '../image/reference.js';
import { writeOciArchive, writeOciLayout } from '../output/oci-layout.js';
import type { OutputTarget } from '../output/output-target.js';
import type { ProgressSink } from '../progress/progress-events.js';
import { type PushResult, pushImage } from '../registry/push-image.js';

export interface PublishOptions {
  tags?: readonly string[];
  insecure?: boolean;
  awsProfile?: string;
  onProgress?: ProgressSink;
  /** For the archive's ref name when there is no repository: e.g. the app name. */
  name?: string;
}

export interface PublishResult {
  /** `registry/repo@sha256:…`, or `oci-archive:/path@sha256:…`. */
  reference: string;
  digest: Digest;
  tags: string[];
  platform: string;
  output: OutputTarget['kind'];
  bytesUploaded: number;
  layersUploaded: number;
  layersSkipped: number;
  layersMounted: number;
}

export async function publishImage(
  image: BuiltImage,
  target: OutputTarget,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const tags = [...(options.tags ?? image.tags)];
  if (target.kind === 'registry') {
    const pushed: PushResult = await pushImage(image, {
      repo: target.repo,
      tags,
      insecure: options.insecure ?? false,
      ...(options.awsProfile ? { awsProfile: options.awsProfile } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return {
      reference: pushed.reference,
      digest: pushed.digest,
      tags: pushed.tags,
      platform: formatPlatform(image.platform),
      output: 'registry',
      bytesUploaded: pushed.bytesUploaded,
      layersUploaded: pushed.layersUploaded,
      layersSkipped: pushed.layersSkipped,
      layersMounted: pushed.layersMounted,
    };
  }
  const refName = tags[0] ? `${repositoryNameFor(options.name ?? 'image')}:${tags[0]}` : undefined;
  const emit = options.onProgress ?? (() => {});
  emit({ id: 'output', label: `${target.kind} ${target.path}`, state: 'active' });
  if (target.kind === 'oci-layout') await writeOciLayout(image, target.path, refName);
  else await writeOciArchive(image, target.path, refName);
  emit({ id: 'output', label: `${target.kind} ${target.path}`, state: 'done' });
  return {
    reference: `${target.kind}:${target.path}@${image.manifest.digest}`,
    digest: image.manifest.digest,
    tags,
    platform: formatPlatform(image.platform),
    output: target.kind,
    bytesUploaded: 0,
    layersUploaded: 0,
    layersSkipped: 0,
    layersMounted: 0,
  };
}
