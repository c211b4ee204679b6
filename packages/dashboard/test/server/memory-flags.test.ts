// Every way of starting the server passes the same node memory flags (MEMORY_FLAGS): `npm start`,
// the bin's shebang, the image's entry point; cluster workers get them from the primary.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEMORY_FLAGS } from '../../src/server/cluster.js';
import { PACKAGE_ROOT, REPO_ROOT } from './shared-data.js';

const flags = MEMORY_FLAGS.join(' ');

describe('node memory flags', () => {
  it('npm start passes them, at the root and in the package', () => {
    const scripts = (root: string) =>
      (
        JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts;
    // `exec`: npm forwards SIGTERM to its child, which must be node itself, not a shell.
    expect(scripts(REPO_ROOT)['start']).toBe(`exec node ${flags} packages/dashboard/bin/ebov-dash.js`);
    // The package's own script is what `ship` reads to find the image's entry point: plain node.
    expect(scripts(PACKAGE_ROOT)['start']).toBe(`node ${flags} dist/cli.js`);
  });

  it('the committed bin (bin/ebov-dash.js, which loads dist/cli.js) passes them in its shebang', () => {
    const firstLine = readFileSync(path.join(PACKAGE_ROOT, 'bin/ebov-dash.js'), 'utf8').split('\n', 1)[0];
    expect(firstLine).toBe(`#!/usr/bin/env -S node ${flags}`);
  });

  it('the bin (src/cli.ts, bundled into dist/cli.js) passes them in its shebang', () => {
    const firstLine = readFileSync(path.join(PACKAGE_ROOT, 'src/cli.ts'), 'utf8').split('\n', 1)[0];
    expect(firstLine).toBe(`#!/usr/bin/env -S node ${flags}`);
  });

  it("the image's entry point passes them, and so does the build's --check that makes the compile cache", () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(entrypoint ?? '[]')).toEqual([
      'node',
      ...MEMORY_FLAGS,
      '/app/packages/dashboard/dist/cli.js',
    ]);
    // V8 rejects code cached under other V8 flags: the cache must be made with the same ones.
    expect(dockerfile).toContain(`node ${flags} /app/packages/dashboard/dist/cli.js --check`);
  });
});
