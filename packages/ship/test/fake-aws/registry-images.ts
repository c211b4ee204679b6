// ECR's image list, read from the local OCI registry that repositoryUri points
// at, so DescribeImages answers what was really pushed.

export interface RegistryImage {
  digest: string;
  tags: string[];
  sizeBytes: number;
}

const manifestTypes = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

export interface RegistryAccess {
  /** The local registry itself. */
  host: string;
  username: string;
  password: string;
  /** The region's ECR front (registry-front.ts), where repository URIs point. */
  front?: string;
  /** The region's path prefix in the shared registry ('' for the first region). */
  prefix?: string;
}

function headers(access: RegistryAccess, extra: Record<string, string> = {}): Record<string, string> {
  const basic = Buffer.from(`${access.username}:${access.password}`).toString('base64');
  return { authorization: `Basic ${basic}`, ...extra };
}

export async function listRegistryImages(
  access: RegistryAccess,
  repository: string,
): Promise<RegistryImage[]> {
  const base = `http://${access.host}/v2/${access.prefix ?? ''}${repository}`;
  const tagsResponse = await fetch(`${base}/tags/list`, { headers: headers(access) });
  if (tagsResponse.status === 404) return [];
  if (!tagsResponse.ok) throw new Error(`registry ${base}/tags/list answered ${tagsResponse.status}`);
  const { tags } = (await tagsResponse.json()) as { tags?: string[] | null };
  const byDigest = new Map<string, RegistryImage>();
  for (const tag of tags ?? []) {
    const response = await fetch(`${base}/manifests/${tag}`, {
      headers: headers(access, { accept: manifestTypes }),
    });
    if (!response.ok) continue;
    const digest = response.headers.get('docker-content-digest') ?? '';
    const manifest = (await response.json()) as {
      config?: { size?: number };
      layers?: { size?: number }[];
      manifests?: { size?: number }[];
    };
    const parts = [manifest.config, ...(manifest.layers ?? []), ...(manifest.manifests ?? [])];
    const sizeBytes = parts.reduce((sum, part) => sum + (part?.size ?? 0), 0);
    const image = byDigest.get(digest) ?? { digest, tags: [], sizeBytes };
    image.tags.push(tag);
    byDigest.set(digest, image);
  }
  return [...byDigest.values()];
}

/**
 * Whether Fargate could pull `image` from the local registry: undefined for
 * images on other hosts (not checked), else whether its manifest exists.
 */
export async function imageExists(access: RegistryAccess, image: string): Promise<boolean | undefined> {
  const viaFront = access.front !== undefined && image.startsWith(`${access.front}/`);
  if (!viaFront && !image.startsWith(`${access.host}/`)) return undefined;
  const rest = `${viaFront ? (access.prefix ?? '') : ''}${image.slice(((viaFront ? access.front : access.host) ?? '').length + 1)}`;
  const at = rest.indexOf('@');
  const colon = rest.lastIndexOf(':');
  const [repository, reference] =
    at >= 0
      ? [rest.slice(0, at), rest.slice(at + 1)]
      : colon >= 0
        ? [rest.slice(0, colon), rest.slice(colon + 1)]
        : [rest, 'latest'];
  const response = await fetch(`http://${access.host}/v2/${repository}/manifests/${reference}`, {
    method: 'HEAD',
    headers: headers(access, { accept: manifestTypes }),
  });
  return response.ok;
}
