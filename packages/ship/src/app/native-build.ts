// Compiling the native addons an install left unbuilt (ship runs no install scripts): node-gyp, as
// npm bundles it, run on each package with a binding.gyp against the image's Node. The headers
// and the binary of that Node come from the npm package node-linux-<arch>@<version> (the official
// build, on the npm registry; node-gyp would otherwise download headers from nodejs.org). Only
// when this machine is like the image (`buildRefusal`): same architecture and C library.
//
// The result is a copy of the install with the addons built, cached by the install, the Node
// version and the C library. Before it is used, the image's Node loads every built binary: an
// addon that would crash on require fails the build here, naming the package.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cp, mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { UserError } from '../errors.js';
import { formatPlatform } from '../image/platform.js';
import { formatLibc, type NativePackage, type NodeRuntime } from './native-addons.js';
import type { InstalledDependencies } from './production-dependencies.js';

const run = promisify(execFile);
const BUILD_TOOLS_HINT =
  'install a C++ toolchain (g++, make, python3) on this machine, or use a version of the package that ships prebuilt binaries for the image (prebuilds/linux-x64 in its npm package)';

const lastLines = (text: string, n: number) => text.trim().split('\n').slice(-n).join('\n    ');

/** node-gyp as the npm on PATH bundles it (npm/node_modules/node-gyp), else a node-gyp on PATH. */
async function findNodeGyp(): Promise<string[]> {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const npm = await realpath(join(dir, 'npm')).catch(() => undefined);
    if (!npm) continue;
    const bundled = join(dirname(dirname(npm)), 'node_modules/node-gyp/bin/node-gyp.js');
    if (await stat(bundled).catch(() => undefined)) return [process.execPath, bundled];
  }
  for (const dir of dirs) {
    const gyp = join(dir, 'node-gyp');
    if (await stat(gyp).catch(() => undefined)) return [gyp];
  }
  throw new UserError(
    "native addons need compiling, and neither npm's bundled node-gyp nor a node-gyp on PATH was found",
    `${BUILD_TOOLS_HINT}; or \`npm install -g node-gyp\``,
  );
}

/** include/node and bin/node of the image's Node, from the npm registry, cached. */
async function nodeRuntimeFiles(target: NodeRuntime, cacheDir: string): Promise<string> {
  const arch = target.platform.architecture === 'amd64' ? 'x64' : 'arm64';
  const spec = `node-linux-${arch}@${target.nodeVersion}`;
  const dir = join(cacheDir, 'node-runtime', `${target.nodeVersion}-linux-${arch}`);
  if (await stat(join(dir, '.ship-complete')).catch(() => undefined)) return dir;
  const temp = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
  await mkdir(temp, { recursive: true });
  try {
    let packed: string;
    try {
      const { stdout } = await run('npm', ['pack', '--silent', spec, '--pack-destination', temp], {
        cwd: temp,
        maxBuffer: 1024 * 1024,
      });
      packed = join(temp, stdout.trim().split('\n').at(-1) ?? '');
    } catch (error) {
      throw new UserError(
        `native addons: cannot fetch the headers of Node ${target.nodeVersion} (npm pack ${spec}): ${lastLines((error as { stderr?: string }).stderr ?? String(error), 3)}`,
        "check that the npm registry is reachable, and that the base image's NODE_VERSION names a released Node",
      );
    }
    const tar = extract();
    tar.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^package\//, '');
      if (header.type !== 'file' || !(name.startsWith('include/node/') || name === 'bin/node')) {
        stream.on('end', next).resume();
        return;
      }
      const file = join(temp, name);
      mkdir(dirname(file), { recursive: true })
        .then(() =>
          writeFile(file, stream as unknown as NodeJS.ReadableStream, {
            mode: name === 'bin/node' ? 0o755 : 0o644,
          }),
        )
        .then(() => next(), next);
    });
    await pipeline(createReadStream(packed), createGunzip(), tar);
    await rm(packed);
    await writeFile(join(temp, '.ship-complete'), '');
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return dir;
}

/** Leaves only the compiled .node files under build/: objects, archives and makefiles are 10× more. */
async function pruneBuildDir(dir: string): Promise<string[]> {
  const kept: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(child);
        if ((await readdir(join(dir, child))).length === 0) await rm(join(dir, child), { recursive: true });
      } else if (entry.isFile() && entry.name.endsWith('.node') && !child.includes('/obj.target/')) {
        kept.push(child);
      } else {
        await rm(join(dir, child), { force: true });
      }
    }
  };
  await walk('build');
  return kept;
}

async function compileAddon(
  gyp: string[],
  addon: NativePackage,
  packageDir: string,
  nodedir: string,
  target: NodeRuntime,
) {
  try {
    await run(
      gyp[0]!,
      [...gyp.slice(1), 'rebuild', '--release', `--nodedir=${nodedir}`, `--jobs=${availableParallelism()}`],
      { cwd: packageDir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_nodedir: nodedir } },
    );
  } catch (error) {
    const { stderr = '', stdout = '' } = error as { stderr?: string; stdout?: string };
    throw new UserError(
      `${addon.name} (${addon.dir}): compiling the native addon with node-gyp for Node ${target.nodeVersion} failed:\n    ${lastLines(`${stdout}\n${stderr}`, 6)}`,
      BUILD_TOOLS_HINT,
    );
  }
  const binaries = await pruneBuildDir(packageDir);
  if (binaries.length === 0)
    throw new UserError(
      `${addon.name} (${addon.dir}): node-gyp finished but made no .node file under build/`,
      BUILD_TOOLS_HINT,
    );
  return binaries;
}

/**
 * Loads each binary as `require` would. A library that loads but registers no Node module (a
 * SQLite extension built beside the addon, better-sqlite3's test_extension.node) is not an addon;
 * a missing symbol, library or ABI mismatch is the crash the image must never have.
 */
const LOAD_CHECK = `for (const file of process.argv.slice(1)) {
  try { require(file); } catch (error) {
    if (!/did not self-register/.test(error.message)) { console.error(error.message); process.exit(1); }
  }
}`;

/** Loads every built binary with the image's Node: what would crash on require fails here. */
async function checkLoads(
  installDir: string,
  built: Map<NativePackage, string[]>,
  node: string,
  target: NodeRuntime,
) {
  for (const [addon, binaries] of built) {
    const files = binaries.map((file) => join(installDir, addon.dir, file));
    try {
      await run(node, ['-e', LOAD_CHECK, ...files], {
        cwd: installDir,
        timeout: 60_000,
      });
    } catch (error) {
      throw new UserError(
        `${addon.name} (${addon.dir}): compiled, but Node ${target.nodeVersion} cannot load it: ${lastLines((error as { stderr?: string }).stderr ?? String(error), 3)}`,
        BUILD_TOOLS_HINT,
      );
    }
  }
}

/** A copy of `install` with `unbuilt` compiled for `target`; cached. */
export async function buildNativeAddons(
  install: InstalledDependencies,
  unbuilt: readonly NativePackage[],
  target: NodeRuntime,
  cacheDir: string,
): Promise<InstalledDependencies> {
  const key = createHash('sha256')
    .update(
      `ship-addons-v1 ${install.key} ${target.nodeVersion} ${formatPlatform(target.platform)} ${formatLibc(target.libc)} ${unbuilt.map((a) => a.dir).join(',')}`,
    )
    .digest('hex')
    .slice(0, 32);
  const dir = join(cacheDir, 'node-modules', key);
  if (await stat(join(dir, '.ship-complete')).catch(() => undefined)) return { dir, key, cached: true };
  const [gyp, runtime] = await Promise.all([findNodeGyp(), nodeRuntimeFiles(target, cacheDir)]);
  const temp = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await cp(install.dir, temp, { recursive: true, verbatimSymlinks: true });
    await rm(join(temp, '.ship-complete'), { force: true });
    const built = new Map<NativePackage, string[]>();
    for (const addon of unbuilt)
      built.set(addon, await compileAddon(gyp, addon, join(temp, addon.dir), runtime, target));
    await checkLoads(temp, built, join(runtime, 'bin/node'), target);
    await writeFile(join(temp, '.ship-complete'), '');
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { dir, key, cached: false };
}
