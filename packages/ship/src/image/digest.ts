// Content addresses: every blob, layer and manifest is named by the sha256 of its bytes.
import { createHash } from 'node:crypto';

export type Digest = `sha256:${string}`;

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function sha256(bytes: Uint8Array | string): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function isDigest(value: string): value is Digest {
  return DIGEST.test(value);
}

/** The hex part, as used for file names in an OCI layout (`blobs/sha256/<hex>`). */
export function digestHex(digest: Digest): string {
  return digest.slice('sha256:'.length);
}
