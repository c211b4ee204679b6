// `npm run bench -w @ebov-dash/ship` (second part): image size and build time per app shape of
// test/apps and for Next.js (standalone and full install, generated from the npm registry), cold
// (empty ship cache: base download from a local registry, npm ci, native addons compiled) and warm
// (same cache, unchanged source), written to an oci-archive as `ship build --output` does. Then
// each image runs under podman as the tests run it, and `podman stop` is timed (wall time, with
// the exit code: the "under 2 s, exit 0"; the tests assert the app's own exit instead,
// since podman's own work on a loaded machine is not the app's). The base is the Node stand-in;
// "ours" is the compressed size of ship's layers (what a deploy uploads), "image" the archive.
// Prints a table; not a test. Quote it with the load average it prints.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatBytes } from '../src/progress/progress-display.js';
import {
  APP_SHAPES,
  buildToArchive,
  prepareFixture,
  prepareNextApp,
  runReadOnly,
  stopAndMeasure,
  waitFor200,
} from '../test/support/app-fixtures.js';
import { PODMAN, serveBaseStandin } from '../test/support/dashboard-copy.js';
import { freePort, startRegistry } from '../test/support/registry.js';

const run = promisify(execFile);
const podman = async (args: string[]) =>
  (
    await run('podman', [...PODMAN, ...args], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 })
  ).stdout.trim();

/** Loads the archive, runs it read-only, waits for a 200, times `podman stop`; removes both after. */
async function stopTiming(archive: string, name: string): Promise<string> {
  const image = /Loaded image(?:\(s\))?: (\S+)/.exec(await podman(['load', '-q', '-i', archive]))?.[1];
  if (!image) return 'load failed';
  const container = `apps-bench-${name}-${randomBytes(3).toString('hex')}`;
  try {
    const port = await freePort();
    await runReadOnly(image, container, port);
    await waitFor200(`http://127.0.0.1:${port}/`, container);
    const stop = await stopAndMeasure(container);
    return `${(stop.wallMs / 1000).toFixed(2)} (${stop.exitCode})`;
  } finally {
    await podman(['rm', '-f', '-t', '0', container]).catch(() => {});
    await podman(['rmi', '-f', image]).catch(() => {});
  }
}

const work = await mkdtemp(join(tmpdir(), 'ship-bench-shapes-'));
const registry = await startRegistry();
try {
  const base = serveBaseStandin(registry.host);
  const rows: string[][] = [];
  const shapes = [
    ...APP_SHAPES.map((shape) => ({
      name: shape.name,
      prepare: (dir: string) => prepareFixture(shape, dir),
    })),
    { name: 'next-standalone', prepare: (dir: string) => prepareNextApp(dir, { standalone: true }) },
    { name: 'next-full', prepare: (dir: string) => prepareNextApp(dir, { standalone: false }) },
  ];
  for (const shape of shapes) {
    const appDir = await shape.prepare(join(work, shape.name));
    const cacheDir = join(work, `cache-${shape.name}`);
    const archive = join(work, `${shape.name}.tar`);
    const cold = await buildToArchive(appDir, { base, cacheDir, archive });
    const warm = await buildToArchive(appDir, { base, cacheDir, archive });
    const total = (await readFile(archive)).length;
    rows.push([
      shape.name,
      cold.seconds.toFixed(2),
      warm.seconds.toFixed(2),
      formatBytes(warm.ownBytes),
      formatBytes(total),
      await stopTiming(archive, shape.name),
      cold.start.slice(3).join(' '),
    ]);
    await rm(join(work, shape.name), { recursive: true, force: true });
  }
  const header = ['shape', 'cold s', 'warm s', 'ours (gz)', 'image', 'stop s (exit)', 'runs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nship build per app shape (loadavg ${(await readFile('/proc/loadavg', 'utf8')).trim()})`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
} finally {
  await registry.stop();
  await rm(work, { recursive: true, force: true });
}
