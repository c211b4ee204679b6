// Applies a repository's lifecycle policy to the images in the local registry, as ECR's lifecycle
// evaluator does: expired images are deleted (by digest, so every tag of them goes). ECR runs it
// within 24 hours of an image meeting the criteria (User Guide, "How lifecycle policies work");
// the fake runs it at once after every push by tag, the soonest ECR may, and on demand
// (`fake.applyLifecyclePolicies()`).
import { imagesToExpire, type StoredImage } from './lifecycle-policy.js';
import { listRegistryImages, type RegistryAccess } from './registry-images.js';
import type { Repository } from './resources.js';

export interface ExpiredImage {
  repository: string;
  digest: string;
  tags: string[];
}

/** Records when a digest was first pushed (ECR's imagePushedAt), strictly increasing. */
export function recordPush(repo: Repository, digest: string, now = Date.now()): void {
  if (repo.pushTimes.has(digest)) return;
  const last = Math.max(0, ...repo.pushTimes.values());
  repo.pushTimes.set(digest, Math.max(now, last + 1));
}

export async function applyLifecyclePolicy(
  registry: RegistryAccess,
  repo: Repository,
  now = Date.now(),
): Promise<ExpiredImage[]> {
  if (!repo.lifecyclePolicy) return [];
  const images: StoredImage[] = (await listRegistryImages(registry, repo.name)).map((image) => ({
    digest: image.digest,
    tags: image.tags,
    pushedAt: repo.pushTimes.get(image.digest) ?? repo.createdAt.getTime(),
  }));
  const expired = imagesToExpire(repo.lifecyclePolicy, images, now);
  const basic = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  for (const image of expired) {
    const url = `http://${registry.host}/v2/${registry.prefix ?? ''}${repo.name}/manifests/${image.digest}`;
    const response = await fetch(url, { method: 'DELETE', headers: { authorization: `Basic ${basic}` } });
    if (!response.ok && response.status !== 404)
      throw new Error(`fake ECR lifecycle: DELETE ${url} answered ${response.status}`);
    repo.pushTimes.delete(image.digest);
  }
  return expired.map((image) => ({ repository: repo.name, digest: image.digest, tags: image.tags }));
}
