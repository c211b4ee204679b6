// mkdir -p that always ends. Node's `mkdir(dir, { recursive: true })` never returns for some paths
// (under /proc, where mkdir fails with ENOENT for a parent that exists: it retries for ever, so
// `--cache-dir /proc/x` hung the start). This makes each missing folder from the top down, once.

import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export async function makeDir(dir: string): Promise<void> {
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  for (let at = absolute; ; at = path.dirname(at)) {
    const info = await stat(at).catch(() => null);
    if (info?.isDirectory()) break;
    if (info) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of missing) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
