// ECR's registry endpoint for one region: a proxy in front of the local OCI registry that adds
// what ECR enforces and a plain registry does not. Each region gets its own host, as ECR's
// `<account>.dkr.ecr.<region>.amazonaws.com` differs per region; a region's repositories live
// under its own path prefix in the shared registry, so one name in two regions is two repositories.
//
// Rules (catalogue ids in README.md):
// - [ecr-immutable-tags] a manifest PUT by tag to an IMMUTABLE repository where that tag already
//   exists answers 400 TAG_INVALID "The image tag '…' already exists in the '…' repository and
//   cannot be overwritten because the repository is immutable." (the registry-API face of
//   ImageTagAlreadyExistsException).
// - [ecr-push-needs-repository] pushing to a repository ECR does not know answers 404 NAME_UNKNOWN,
//   as ECR never creates a repository on push.
// - [ecr-lifecycle-expiry] after each manifest push, the repository's lifecycle policy is applied
//   (rules.pushed), before the client hears back.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegistryAccess } from './registry-images.js';

export interface FrontRules {
  /** The repository's tag mutability, or undefined when ECR has no such repository in this region. */
  mutability(repository: string): string | undefined;
  accountId: string;
  /**
   * A manifest was stored (upstream answered 201): record its push time and apply the
   * repository's lifecycle policy before the client hears back.
   */
  pushed?(repository: string, digest: string, tag: string | undefined): Promise<void>;
}

export interface RegistryFront {
  /** `127.0.0.1:<port>`: the region's registry host in repository URIs. */
  host: string;
  close(): Promise<void>;
}

const manifestPath = /^\/v2\/(.+)\/manifests\/([^/]+)$/;
const repositoryPath = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//;

function registryError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Whether `tag` exists in the upstream repository. */
function tagExists(
  upstream: RegistryAccess,
  repository: string,
  tag: string,
  auth?: string,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const [hostname, port] = upstream.host.split(':');
    const req = request(
      {
        hostname,
        port,
        method: 'HEAD',
        path: `/v2/${repository}/manifests/${tag}`,
        headers: {
          accept: [
            'application/vnd.oci.image.index.v1+json',
            'application/vnd.oci.image.manifest.v1+json',
            'application/vnd.docker.distribution.manifest.v2+json',
            'application/vnd.docker.distribution.manifest.list.v2+json',
          ].join(', '),
          ...(auth ? { authorization: auth } : {}),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function startRegistryFront(
  upstream: RegistryAccess,
  prefix: string,
  rules: FrontRules,
): Promise<RegistryFront> {
  const [upstreamHost, upstreamPort] = upstream.host.split(':');
  // Paths (and a blob mount's `from=` repository) gain the region's prefix on the way up and lose
  // it on the way down; upload locations are made relative, so every request comes back here.
  const toUpstream = (url: string) => {
    if (!prefix) return url;
    const parsed = new URL(url, 'http://front');
    const from = parsed.searchParams.get('from');
    if (from) parsed.searchParams.set('from', `${prefix}${from}`);
    return `${parsed.pathname.replace(/^\/v2\//, `/v2/${prefix}`)}${parsed.search}`;
  };
  const fromUpstream = (location: string) => {
    const relative = location.replace(`http://${upstream.host}`, '');
    return prefix ? relative.replace(`/v2/${prefix}`, '/v2/') : relative;
  };

  async function guard(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const named = repositoryPath.exec(path);
    if (!named?.[1]) return true;
    const repository = named[1];
    const mutability = rules.mutability(repository);
    const write = req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH';
    if (write && mutability === undefined) {
      registryError(
        res,
        404,
        'NAME_UNKNOWN',
        `The repository with name '${repository}' does not exist in the registry with id '${rules.accountId}'`,
      );
      return false;
    }
    const manifest = manifestPath.exec(path);
    const tag = manifest?.[2];
    if (req.method === 'PUT' && tag && !tag.startsWith('sha256:') && mutability?.startsWith('IMMUTABLE')) {
      const upstreamRepository = `${prefix}${repository}`;
      if (await tagExists(upstream, upstreamRepository, tag, req.headers.authorization)) {
        registryError(
          res,
          400,
          'TAG_INVALID',
          `The image tag '${tag}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`,
        );
        return false;
      }
    }
    return true;
  }

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    guard(req, res, path).then(
      (pass) => {
        if (!pass) {
          req.resume();
          return;
        }
        const forward = request(
          {
            hostname: upstreamHost,
            port: upstreamPort,
            method: req.method,
            path: toUpstream(url),
            headers: { ...req.headers, host: upstream.host },
          },
          (answer) => {
            const headers = { ...answer.headers };
            if (typeof headers.location === 'string') headers.location = fromUpstream(headers.location);
            const reply = () => {
              res.writeHead(answer.statusCode ?? 502, headers);
              answer.pipe(res);
            };
            const manifest = manifestPath.exec(path);
            const digest = answer.headers['docker-content-digest'];
            if (
              req.method !== 'PUT' ||
              answer.statusCode !== 201 ||
              !manifest?.[1] ||
              typeof digest !== 'string' ||
              !rules.pushed
            ) {
              reply();
              return;
            }
            const reference = manifest[2] ?? '';
            rules
              .pushed(manifest[1], digest, reference.startsWith('sha256:') ? undefined : reference)
              .then(reply, (error: unknown) => {
                answer.resume();
                registryError(res, 500, 'UNKNOWN', `fake ECR lifecycle bug: ${String(error)}`);
              });
          },
        );
        forward.on('error', (error) => {
          if (!res.headersSent) registryError(res, 502, 'UNAVAILABLE', `fake ECR front: ${error.message}`);
          else res.destroy(error);
        });
        req.pipe(forward);
      },
      (error: unknown) => registryError(res, 500, 'UNKNOWN', `fake ECR front bug: ${String(error)}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
