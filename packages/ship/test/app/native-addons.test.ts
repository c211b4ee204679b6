import { describe, expect, it } from 'vitest';
import {
  buildRefusal,
  judgeNativeAddons,
  type Libc,
  type NativePackage,
} from '../../src/app/native-addons.js';

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

describe('buildRefusal: compile addons here only for an image like this machine', () => {
  const glibc = (version: string) => ({ family: 'glibc', version }) as const;
  const musl = { family: 'musl' } as const;
  const runtime = (platform: typeof amd64 | typeof arm64, libc: Libc | undefined) => ({
    platform,
    libc,
    nodeVersion: '24.21.0',
  });
  it.each([
    // [case, host, target, refused because …]
    ['same arch and glibc', runtime(amd64, glibc('2.36')), runtime(amd64, glibc('2.36')), undefined],
    [
      'older glibc here: binaries run on newer',
      runtime(amd64, glibc('2.31')),
      runtime(amd64, glibc('2.36')),
      undefined,
    ],
    [
      'glibc 2.36 here, 2.9 there (numeric, not text)',
      runtime(amd64, glibc('2.36')),
      runtime(amd64, glibc('2.9')),
      'may need symbols',
    ],
    [
      'newer glibc here (trixie → bookworm)',
      runtime(amd64, glibc('2.41')),
      runtime(amd64, glibc('2.36')),
      'glibc 2.41 and the image glibc 2.36',
    ],
    [
      'other architecture',
      runtime(amd64, glibc('2.36')),
      runtime(arm64, glibc('2.36')),
      'would not load there',
    ],
    [
      'musl image, glibc host (alpine base)',
      runtime(amd64, glibc('2.36')),
      runtime(amd64, musl),
      'linux/amd64 with musl',
    ],
    ['musl host, glibc image', runtime(amd64, musl), runtime(amd64, glibc('2.36')), 'would not load there'],
    [
      'image C library unknown',
      runtime(amd64, glibc('2.36')),
      runtime(amd64, undefined),
      'an unknown C library',
    ],
  ] as const)('%s', (_name, host, target, refused) => {
    const why = buildRefusal(host, target);
    if (refused === undefined) expect(why).toBeUndefined();
    else expect(why).toContain(refused);
  });
});

describe('judgeNativeAddons: unbuilt', () => {
  it('lists the broken addons that have a binding.gyp, which node-gyp can compile', () => {
    const verdict = judgeNativeAddons(
      [
        addon('better-sqlite3', true, []),
        addon('x', false, ['prebuilds/darwin-arm64/x.node']),
        addon('cpu-features', true, [], true),
      ],
      amd64,
      amd64,
    );
    expect(verdict.unbuilt.map((a) => a.name)).toEqual(['better-sqlite3']);
    expect(verdict.broken).toHaveLength(2);
  });
});
