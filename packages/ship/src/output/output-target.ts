// Where an image goes: a registry repository, an OCI layout directory, or an oci-archive file.
import { resolve } from 'node:path';
import { UserError } from '../errors.js';

export type OutputTarget =
  | { kind: 'registry'; repo: string }
  | { kind: 'oci-layout' | 'oci-archive'; path: string };

/** `oci-archive:FILE` or `oci-layout:DIR` (the --output flag, and `ship push`'s source). */
export function parseLocalTarget(text: string, flag: string): OutputTarget {
  const match = /^(oci-archive|oci-layout):(.+)$/.exec(text);
  if (!match) {
    throw new UserError(
      `${flag} "${text}": expected oci-archive:FILE or oci-layout:DIR`,
      'e.g. --output oci-archive:ebov-dash.tar',
    );
  }
  return { kind: match[1] as 'oci-archive' | 'oci-layout', path: resolve(match[2]!) };
}

/** Registries on this machine (and the target registry's host) may be spoken to over plain HTTP with --insecure. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(1, registry.indexOf(']')) : registry.split(':')[0]!;
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
