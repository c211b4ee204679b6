// Tags from the source's state: `<branch>-<short sha>`, and `-dirty-<hash of the changes>` when the
// work tree has uncommitted changes, so a clean tag never names dirty code.
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

export function tagForSource(state: SourceState): string {
  const branch = sanitizeTagPart(state.branch ?? '') || 'detached';
  const suffix = `-${state.commit.slice(0, 7)}${state.changesHash ? `-dirty-${state.changesHash.slice(0, 12)}` : ''}`;
  const tag = `${branch.slice(0, 128 - suffix.length)}${suffix}`;
  if (!isValidTag(tag)) throw new Error(`cannot make a tag from branch "${state.branch}"`);
  return tag;
}
