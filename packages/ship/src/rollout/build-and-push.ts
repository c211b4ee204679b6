// Step 1 of `ship deploy`: build the app into an image and push it to the
// app's repository (only the layers the registry lacks), returning the
// reference by digest. The registry can be redirected (SHIP_REGISTRY) for
// local registries; loopback registries are spoken to over plain HTTP.

import type { Repository } from '../aws/ecr.js';
import { buildImage } from '../build/build-image.js';
import type { ShipConfig } from '../config/schema.js';
import { environmentTag } from '../deploy/image-lifecycle.js';
import { parseReference } from '../image/reference.js';
import { isLoopbackRegistry } from '../output/output-target.js';
import type { ProgressSink } from '../progress/progress-events.js';
import { resolveCredentials } from '../registry/credentials.js';
import { pushImage } from '../registry/push-image.js';

export interface BuildAndPushOptions {
  config: ShipConfig;
  appDir: string;
  repository: Repository;
  profile?: string;
  env?: NodeJS.ProcessEnv;
  onProgress?: ProgressSink;
}

export interface PushedImage {
  reference: string;
  bytesUploaded: number;
  layersSkipped: number;
  tags: string[];
}

export async function buildAndPush(options: BuildAndPushOptions): Promise<PushedImage> {
  const { config, repository } = options;
  const env = options.env ?? process.env;
  const base = config.baseImage;
  const baseRegistry = base ? safeRegistry(base) : undefined;
  const image = await buildImage({
    appDir: options.appDir,
    platform: { os: 'linux', architecture: config.platform === 'ARM64' ? 'arm64' : 'amd64' },
    port: config.port,
    ...(config.build?.start ? { start: config.build.start } : {}),
    ...(base ? { base } : {}),
    ...(baseRegistry && isLoopbackRegistry(baseRegistry) ? { insecureBase: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const repo = env.SHIP_REGISTRY ? `${env.SHIP_REGISTRY}/${repository.name}` : repository.uri;
  const registry = repo.slice(0, repo.indexOf('/'));
  const pushed = await pushImage(image, {
    repo,
    // The environment's own tag: its lifecycle rule keeps its newest images (deploy/image-lifecycle.ts).
    tags: [...image.tags, environmentTag(config.environment, image.manifest.digest)],
    insecure: isLoopbackRegistry(registry),
    // The repository is ECR's (or stands in for it): log in with GetAuthorizationToken.
    credentials: resolveCredentials(registry, {
      env,
      ecrRegion: config.region,
      ...(options.profile ? { awsProfile: options.profile } : {}),
    }),
    ...(options.profile ? { awsProfile: options.profile } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    reference: pushed.reference,
    bytesUploaded: pushed.bytesUploaded,
    layersSkipped: pushed.layersSkipped,
    tags: pushed.tags,
  };
}

function safeRegistry(reference: string): string | undefined {
  try {
    return parseReference(reference).registry;
  } catch {
    return undefined;
  }
}
