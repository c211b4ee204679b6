import { describe, expect, it } from 'vitest';
import { judgeNativeAddons, type NativePackage } from '../../src/app/native-addons.js';

const amd64 = { os: 'linux', architecture: 'amd64' } as const;
const arm64 = { os: 'linux', architecture: 'arm64' } as const;
const addon = (name: string, gyp: boolean, binaries: string[], optional = false): NativePackage => ({
  name,
  dir: `node_modules/${name}`,
  gyp,
  binaries,
  optional,
});

describe('judgeNativeAddons: never an image that crashes on require', () => {
  it.each([
    // [addon, target, host, broken?]
    ['better-sqlite3 after --ignore-scripts', addon('better-sqlite3', true, []), amd64, amd64, true],
    ['bcrypt 5 (node-pre-gyp download never ran)', addon('bcrypt', true, []), amd64, amd64, true],
    [
      'prebuildify binaries for the target',
      addon('bufferutil', true, ['prebuilds/linux-x64/bufferutil.node']),
      amd64,
      amd64,
      false,
    ],
    [
      'prebuildify with libc suffix',
      addon('x', true, ['prebuilds/linux-x64/node.napi.glibc.node']),
      amd64,
      amd64,
      false,
    ],
    [
      'prebuilds for other platforms only',
      addon('x', true, ['prebuilds/darwin-arm64/x.node', 'prebuilds/win32-x64/x.node']),
      amd64,
      amd64,
      true,
    ],
    [
      'prebuilds for amd64 when building arm64',
      addon('x', false, ['prebuilds/linux-x64/x.node']),
      arm64,
      amd64,
      true,
    ],
    [
      'a platform package npm picked (@img/sharp-linux-x64)',
      addon('@img/sharp-linux-x64', false, ['lib/sharp-linux-x64.node']),
      amd64,
      amd64,
      false,
    ],
    [
      'build/Release made on this machine, other target',
      addon('x', true, ['build/Release/x.node']),
      arm64,
      amd64,
      true,
    ],
  ] as const)('%s → broken: %s', (_name, pkg, target, host, broken) => {
    const verdict = judgeNativeAddons([pkg], target, host);
    expect(verdict.broken.length > 0).toBe(broken);
    if (broken)
      expect(verdict.broken[0]).toContain(
        `${pkg.name} (node_modules/${pkg.name}): native addon with no binary for ${target.os}/${target.architecture}`,
      );
  });

  it('an optional addon without a binary is a warning (npm marked it optional: its users fall back)', () => {
    const verdict = judgeNativeAddons([addon('cpu-features', true, [], true)], amd64, amd64);
    expect(verdict.broken).toEqual([]);
    expect(verdict.warnings[0]).toContain('cpu-features');
  });

  it('names the reason: the install script never ran', () => {
    expect(judgeNativeAddons([addon('better-sqlite3', true, [])], amd64, amd64).broken[0]).toContain(
      'its install script never ran',
    );
  });
});
