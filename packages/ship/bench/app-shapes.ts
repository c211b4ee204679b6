// `npm run bench -w @ebov-dash/ship` (second part): image size and build time per app shape of
// test/apps, cold (empty ship cache: base download from a local registry, npm ci) and warm (same
// cache, unchanged source), written to an oci-archive as `ship build --output` does. The base is
// the Node stand-in; "ours" is the compressed size of ship's layers (what a deploy uploads).
// Prints a table; not a test. Quote it with the load average it prints.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBytes } from '../src/progress/progress-display.js';
import { APP_SHAPES, buildToArchive, prepareFixture } from '../test/support/app-fixtures.js';
import { serveBaseStandin } from '../test/support/dashboard-copy.js';
import { startRegistry } from '../test/support/registry.js';

const work = await mkdtemp(join(tmpdir(), 'ship-bench-shapes-'));
const registry = await startRegistry();
try {
  const base = serveBaseStandin(registry.host);
  const rows: string[][] = [];
  for (const shape of APP_SHAPES) {
    const appDir = await prepareFixture(shape, join(work, shape.name));
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
      cold.start.slice(3).join(' '),
    ]);
  }
  const header = ['shape', 'cold s', 'warm s', 'ours (gz)', 'archive', 'runs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nship build per app shape (loadavg ${(await readFile('/proc/loadavg', 'utf8')).trim()})`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
} finally {
  await registry.stop();
  await rm(work, { recursive: true, force: true });
}
