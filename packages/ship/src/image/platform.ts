// Platforms an image is built for, and choosing one manifest from a multi-arch index.
import type { Digest } from './digest.js';

export interface Platform {
  os: 'linux';
  architecture: 'amd64' | 'arm64';
  variant?: string;
}

export const SUPPORTED_PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split('/');
  if (
    os !== 'linux' ||
    (architecture !== 'amd64' && architecture !== 'arm64') ||
    (variant && variant !== 'v8')
  ) {
    throw new Error(`platform "${text}": expected one of ${SUPPORTED_PLATFORMS.join(', ')}`);
  }
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/** The platform of the machine running ship, in OCI terms. */
export function platformOfNode(arch: string): Platform | undefined {
  if (arch === 'x64') return { os: 'linux', architecture: 'amd64' };
  if (arch === 'arm64') return { os: 'linux', architecture: 'arm64' };
  return undefined;
}

export interface IndexEntry {
  mediaType: string;
  digest: Digest;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** Picks the entry for a platform from an OCI index or Docker manifest list. */
export function selectPlatform(entries: readonly IndexEntry[], platform: Platform): IndexEntry | undefined {
  const candidates = entries.filter(
    (entry) => entry.platform?.os === platform.os && entry.platform?.architecture === platform.architecture,
  );
  if (platform.variant) {
    const exact = candidates.find((entry) => entry.platform?.variant === platform.variant);
    if (exact) return exact;
  }
  // arm64 images usually say variant v8; no variant asked means any.
  return candidates.find((entry) => !entry.platform?.variant) ?? candidates[0];
}
