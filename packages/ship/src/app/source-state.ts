// The state of the source in git: commit, branch, and a hash of uncommitted changes (tracked diffs
// and untracked files), which tags and labels are made from. No git, or not a repository: undefined.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SourceState } from '../image/image-tags.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' });
    return stdout.toString();
  } catch {
    return undefined;
  }
}

export interface GitSource extends SourceState {
  /** Web URL of the origin remote, if any (for org.opencontainers.image.source). */
  remoteUrl?: string;
}

/** git@github.com:owner/repo.git → https://github.com/owner/repo */
export function webUrlOfRemote(remote: string): string | undefined {
  const trimmed = remote.trim().replace(/\.git$/, '');
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(trimmed);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  try {
    const url = new URL(trimmed);
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+https:', 'git+ssh:'].includes(url.protocol))
      return undefined;
    // No user or token in a label; ssh and git remotes are shown as their https page.
    return `${url.protocol === 'http:' ? 'http' : 'https'}://${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

export async function readSourceState(dir: string): Promise<GitSource | undefined> {
  const top = (await git(dir, ['rev-parse', '--show-toplevel']))?.trim();
  const commit = (await git(dir, ['rev-parse', 'HEAD']))?.trim();
  if (!top || !commit) return undefined;
  const branch = (await git(dir, ['symbolic-ref', '--short', '-q', 'HEAD']))?.trim();
  const status = await git(top, ['status', '--porcelain', '-z', '--untracked-files=all']);
  let changesHash: string | undefined;
  if (status) {
    const hash = createHash('sha256');
    hash.update((await git(top, ['diff', 'HEAD', '--binary'])) ?? '');
    const untracked = ((await git(top, ['ls-files', '--others', '--exclude-standard', '-z'])) ?? '')
      .split('\0')
      .filter(Boolean)
      .sort();
    for (const file of untracked) {
      hash.update(`\0${file}\0`);
      hash.update(await readFile(join(top, file)).catch(() => Buffer.alloc(0)));
    }
    changesHash = hash.digest('hex');
  }
  const remote = await git(top, ['remote', 'get-url', 'origin']);
  const remoteUrl = remote ? webUrlOfRemote(remote) : undefined;
  return {
    commit,
    ...(branch ? { branch } : {}),
    ...(changesHash ? { changesHash } : {}),
    ...(remoteUrl ? { remoteUrl } : {}),
  };
}
