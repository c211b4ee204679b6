// Native addons: an image that builds and then crashes on `require` is never acceptable. ship runs
// no install scripts (supply-chain safety, and no compilers on the base), so an addon works in the
// image only if its npm package already holds a binary for the target:
//
//   prebuilds/linux-x64/…node (prebuildify / node-gyp-build)   usable when it names the target
//   any other .node (build/Release, @img/sharp-linux-x64 …)     usable when built on/for the target:
//                                                               npm's --os/--cpu picked the
//                                                               platform packages, and the host is
//                                                               the target
//   binding.gyp and no usable .node                             the install script never built it
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
  warnings: string[];
}

const nodeArch = (platform: Platform) => (platform.architecture === 'amd64' ? 'x64' : 'arm64');

export function judgeNativeAddons(
  addons: readonly NativePackage[],
  target: Platform,
  host: Platform | undefined,
): AddonVerdict {
  const broken: string[] = [];
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
    else broken.push(line);
  }
  return { broken, warnings };
}
