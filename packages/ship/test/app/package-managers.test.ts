import { describe, expect, it } from 'vitest';
import { installCommand, lockfileTool } from '../../src/app/package-managers.js';

describe('lockfileTool: each lockfile by its own tool, at the version that wrote it', () => {
  it.each([
    ['package-lock.json', 'npm', '', undefined, 'npm'],
    ['pnpm-lock.yaml', 'pnpm', "lockfileVersion: '9.0'\n", undefined, 'pnpm@9'],
    ['pnpm-lock.yaml', 'pnpm', "lockfileVersion: '6.0'\n", undefined, 'pnpm@8'],
    ['pnpm-lock.yaml', 'pnpm', 'lockfileVersion: 5.4\n', undefined, 'pnpm@7'],
    ['pnpm-lock.yaml', 'pnpm', "lockfileVersion: '9.0'\n", 'pnpm@10.2.1+sha512.abc', 'pnpm@10.2.1'],
    ['pnpm-lock.yaml', 'pnpm', "lockfileVersion: '9.0'\n", 'yarn@1.22.22', 'pnpm@9'],
    ['yarn.lock', 'yarn', '# yarn lockfile v1\n', undefined, 'yarn@1'],
    ['yarn.lock', 'yarn', '# yarn lockfile v1\n', 'yarn@1.22.19', 'yarn@1.22.19'],
  ] as const)('%s (%s, packageManager %s) → %s', (name, kind, text, packageManager, tool) => {
    expect(lockfileTool(name, kind, `# x\n${text}`, packageManager, `/app/${name}`).tool).toBe(tool);
  });

  it.each([
    ['yarn.lock', 'yarn', '__metadata:\n  version: 8\n', '/app/yarn.lock: a Yarn 2+ (berry) lockfile'],
    ['pnpm-lock.yaml', 'pnpm', "lockfileVersion: '3'\n", '/app/pnpm-lock.yaml: lockfileVersion 3 is not one'],
    ['bun.lock', 'bun', '', '/app/bun.lock: the dependencies are locked by bun'],
  ] as const)('refuses %s naming it', (name, kind, text, message) => {
    expect(() => lockfileTool(name, kind, text, undefined, `/app/${name}`)).toThrow(message);
  });
});

describe('installCommand: production only, frozen lockfile, no install scripts', () => {
  it('npm ci, for one workspace, for another cpu', () => {
    expect(
      installCommand(
        { kind: 'npm', name: 'package-lock.json', tool: 'npm' },
        { workspace: '@m/api', cpu: 'arm64' },
      ).args,
    ).toEqual([
      'ci',
      '--omit=dev',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '--workspace=@m/api',
      '--include-workspace-root=false',
      '--os=linux',
      '--cpu=arm64',
    ]);
  });
  it('pnpm through npm exec at the locked tool version, hoisted, filtered to the app and its dependencies', () => {
    expect(
      installCommand({ kind: 'pnpm', name: 'pnpm-lock.yaml', tool: 'pnpm@9' }, { workspace: '@m/api' }).args,
    ).toEqual([
      'exec',
      '--yes',
      '--package=pnpm@9',
      '--',
      'pnpm',
      'install',
      '--frozen-lockfile',
      '--prod',
      '--ignore-scripts',
      '--config.node-linker=hoisted',
      '--filter',
      '@m/api...',
    ]);
  });
  it('yarn 1 through npm exec', () => {
    expect(installCommand({ kind: 'yarn', name: 'yarn.lock', tool: 'yarn@1' }, {}).args).toEqual([
      'exec',
      '--yes',
      '--package=yarn@1',
      '--',
      'yarn',
      'install',
      '--frozen-lockfile',
      '--production',
      '--ignore-scripts',
      '--non-interactive',
      '--no-progress',
    ]);
  });
});
