// Tags from the source's state and the image: `<branch>-<short sha>`, `-dirty-<hash of the changes>`
// when the work tree has uncommitted changes (a clean tag never names dirty code), then the image's
// short digest. The digest is there because one commit can build different images — git-ignored
// output such as dist/, another --platform, another base — and ECR's immutable tags refuse a second
// image under a tag: the tag changes exactly when the image does.
import { isValidTag } from './reference.js';

export interface SourceState {
  /** Branch name; undefined on a detached HEAD. */
  branch?: string;
  /** Full commit sha. */
  commit: string;
  /** Hash of the uncommitted changes (diff + untracked files); undefined when clean. */
  changesHash?: string;
}

export function sanitizeTagPart(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/-+$/, '');
}

/** `digest`: the image manifest's `sha256:…`; its first 12 hex digits end the tag. */
export function tagForSource(state: SourceState, digest: string): string {
  const branch = sanitizeTagPart(state.branch ?? '') || 'detached';
  const dirty = state.changesHash ? `-dirty-${state.changesHash.slice(0, 12)}` : '';
  const suffix = `-${state.commit.slice(0, 7)}${dirty}-${shortDigest(digest)}`;
  const tag = `${branch.slice(0, 128 - suffix.length)}${suffix}`;
  if (!isValidTag(tag)) throw new Error(`cannot make a tag from branch "${state.branch}"`);
  return tag;
}

/** The first 12 hex digits of a `sha256:…` digest, as in `docker images`. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
