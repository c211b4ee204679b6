// Image references as people write them: `node:24-slim`, `public.ecr.aws/docker/library/node:24-slim@sha256:…`,
// `127.0.0.1:5000/ebov-dash`. Docker Hub names get Docker's defaults (registry-1.docker.io, library/).
import { type Digest, isDigest } from './digest.js';

export interface ImageReference {
  /** Host and optional port, e.g. `public.ecr.aws`, `127.0.0.1:5000`. */
  registry: string;
  /** e.g. `docker/library/node`. */
  repository: string;
  tag?: string;
  digest?: Digest;
}

export const DOCKER_HUB = 'registry-1.docker.io';
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * A repository name made from an npm package name: `@mono/api` → `mono-api`, `My_App` → `my_app`.
 * Registries and `podman load` reject `@`, `/` inside a name part, and capitals.
 */
export function repositoryNameFor(packageName: string): string {
  const name = packageName
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/\//g, '-')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '')
    .replace(/[._-]*([._]|__|-+)[._-]*/g, '$1');
  return REPOSITORY.test(name) ? name : 'app';
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

function looksLikeRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Parses a reference; throws an Error whose message says what is wrong with it. */
export function parseReference(text: string): ImageReference {
  const trimmed = text.trim();
  let rest = trimmed;
  let digest: Digest | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const candidate = rest.slice(at + 1);
    if (!isDigest(candidate))
      throw new Error(`"${text}": the digest after @ must be sha256: and 64 hex digits`);
    digest = candidate;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) throw new Error(`"${text}": tag "${tag}" may use letters, digits, _ . - (max 128)`);
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && looksLikeRegistry(parts[0]!)) registry = parts.shift()!;
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = DOCKER_HUB;
  let repository = parts.join('/');
  if (registry === DOCKER_HUB && parts.length === 1) repository = `library/${repository}`;
  if (!REPOSITORY.test(repository)) {
    throw new Error(
      `"${text}": repository "${repository}" must be lowercase letters, digits and . _ - separated by /`,
    );
  }
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** `registry/repository:tag@digest`, omitting what is absent. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
