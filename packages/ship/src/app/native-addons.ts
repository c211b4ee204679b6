// Native addons: an image that builds and then crashes on `require` is never acceptable. ship runs
// no install scripts (supply-chain safety: they may run anything and download from anywhere), so
// an addon works in the image if its npm package already holds a binary for the target:
//
//   prebuilds/linux-x64/…node (prebuildify / node-gyp-build)   usable when it names the target
//   any other .node (build/Release, @img/sharp-linux-x64 …)     usable when built on/for the target:
//                                                               npm's --os/--cpu picked the
//                                                               platform packages, and the host is
//                                                               the target
//   binding.gyp and no usable .node                             unbuilt: ship compiles it with
//                                                               node-gyp against the target's Node
//                                                               headers (native-build.ts), when
//                                                               `buildRefusal` finds no reason not to
//
// A package npm marked optional (reached only through optionalDependencies) is expected to be
// missing sometimes; its users fall back, so it is a warning. Anything else refuses the build.
import type { Platform } from '../image/platform.js';
import { formatPlatform } from '../image/platform.js';

export interface NativePackage {
  name: string;
  /** e.g. node_modules/better-sqlite3 */
  dir: string;
  gyp: boolean;
  /** .node files, relative to the package directory. */
  binaries: string[];
  /** npm's lockfile marks it optional. */
  optional: boolean;
}

export interface AddonVerdict {
  /** One line per package that would crash on require. */
  broken: string[];
  /** The broken ones that have a binding.gyp: node-gyp can build them on a machine like the target. */
  unbuilt: NativePackage[];
  warnings: string[];
}

const nodeArch = (platform: Platform) => (platform.architecture === 'amd64' ? 'x64' : 'arm64');

export function judgeNativeAddons(
  addons: readonly NativePackage[],
  target: Platform,
  host: Platform | undefined,
): AddonVerdict {
  const broken: string[] = [];
  const unbuilt: NativePackage[] = [];
  const warnings: string[] = [];
  const prebuildDir = `linux-${nodeArch(target)}`;
  const sameMachine = host?.architecture === target.architecture;
  for (const addon of addons) {
    const usable = addon.binaries.filter((file) => {
      const parts = file.split('/');
      const at = parts.indexOf('prebuilds');
      if (at >= 0) return parts[at + 1]?.startsWith(prebuildDir) === true;
      return sameMachine;
    });
    if (usable.length > 0) continue;
    const why = addon.binaries.length
      ? `its binaries (${addon.binaries.slice(0, 3).join(', ')}) are not for ${formatPlatform(target)}`
      : `it has a binding.gyp and no compiled .node file: its install script never ran (ship runs none)`;
    const line = `${addon.name} (${addon.dir}): native addon with no binary for ${formatPlatform(target)}: ${why}`;
    if (addon.optional)
      warnings.push(`${line}; npm marks it optional, so the packages using it must fall back`);
    else {
      broken.push(line);
      if (addon.gyp) unbuilt.push(addon);
    }
  }
  return { broken, unbuilt, warnings };
}

/** The C library of a Linux system: an addon linked against one does not load with the other. */
export type Libc = { family: 'glibc'; version: string } | { family: 'musl' };

export interface NodeRuntime {
  platform: Platform;
  /** e.g. 24.21.0 */
  nodeVersion: string;
  /** Undefined when it cannot be told (a base image without a C library ship recognises). */
  libc: Libc | undefined;
}

const versionParts = (version: string) => version.split('.').map((part) => Number.parseInt(part, 10) || 0);

/** a < b for dotted versions (2.31 < 2.36). */
function olderThan(a: string, b: string): boolean {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  }
  return false;
}

export const formatLibc = (libc: Libc | undefined) =>
  !libc ? 'an unknown C library' : libc.family === 'musl' ? 'musl' : `glibc ${libc.version}`;

/**
 * Why the addons cannot be compiled on `host` for `target`, or undefined when they can: a binary
 * compiled here runs there only on the same architecture and C library, and (glibc) a library at
 * least as new as the one it was linked against.
 */
export function buildRefusal(
  host: Omit<NodeRuntime, 'nodeVersion'>,
  target: NodeRuntime,
): string | undefined {
  const machine = (r: Omit<NodeRuntime, 'nodeVersion'>) =>
    `${formatPlatform(r.platform)} with ${formatLibc(r.libc)}`;
  if (
    host.platform.architecture !== target.platform.architecture ||
    !host.libc ||
    !target.libc ||
    host.libc.family !== target.libc.family
  )
    return `this machine is ${machine(host)} and the image is ${machine(target)}: an addon compiled here would not load there`;
  if (
    host.libc.family === 'glibc' &&
    target.libc.family === 'glibc' &&
    olderThan(target.libc.version, host.libc.version)
  )
    return `this machine has glibc ${host.libc.version} and the image glibc ${target.libc.version}: an addon compiled here may need symbols the older library lacks`;
  return undefined;
}
