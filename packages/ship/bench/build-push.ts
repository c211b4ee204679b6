// `npm run bench -w @ebov-dash/ship`: build + push of the dashboard image against local registries
// (Debian's docker-registry; the base stand-in served from a second registry, as ECR Public would
// be), through a proxy that counts the bytes actually uploaded. Prints a table; not a test.
//   1. first push, cold cache: base downloaded, npm ci, every layer uploaded
//   2. no-change re-push: target 0 layer bytes
//   3. one-file code change: target ≤ 1 MB uploaded and build+push ≤ 5 s
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildImage } from '../src/build/build-image.js';
import { formatBytes } from '../src/progress/progress-display.js';
import { ANONYMOUS } from '../src/registry/credentials.js';
import { pushImage } from '../src/registry/push-image.js';
import { RegistryClient } from '../src/registry/registry-client.js';
import { copyDashboard, dashboardData, repoRoot, serveBaseStandin } from '../test/support/dashboard-copy.js';
import { startRegistry } from '../test/support/registry.js';
import { startRegistryProxy } from '../test/support/registry-proxy.js';

const run = promisify(execFile);
const work = await mkdtemp(join(tmpdir(), 'ship-bench-'));
const [baseRegistry, target] = await Promise.all([startRegistry(), startRegistry()]);
const proxy = await startRegistryProxy(target);
try {
  process.stderr.write('setup: base stand-in → local registry, dashboard copy…\n');
  // Pinned by digest like the default base (and the Dockerfile's): then a warm build asks no registry.
  const baseTag = serveBaseStandin(baseRegistry.host);
  const client = new RegistryClient({ registry: baseRegistry.host, insecure: true });
  await client.ping();
  const base = `${baseTag}@${(await client.getManifest('library/node', '24-slim', [])).digest}`;
  const appDir = await copyDashboard(join(work, 'app'));
  const rows: string[][] = [];

  const measure = async (scenario: string) => {
    const t0 = performance.now();
    const image = await buildImage({
      appDir,
      base,
      insecureBase: true,
      dataFiles: [dashboardData],
      dataEnv: 'EBOV_DATA',
      sourceDateEpoch: 0,
      cacheDir: join(work, 'cache'),
    });
    const t1 = performance.now();
    const before = proxy.uploadedBytes();
    const pushed = await pushImage(image, {
      repo: `${proxy.host}/ebov-dash`,
      insecure: true,
      credentials: ANONYMOUS,
    });
    const t2 = performance.now();
    const layerBytes =
      pushed.bytesUploaded -
      (pushed.bytesUploaded > 0 && pushed.layersUploaded === 0 ? image.config.bytes.length : 0);
    rows.push([
      scenario,
      ((t1 - t0) / 1000).toFixed(2),
      ((t2 - t1) / 1000).toFixed(2),
      ((t2 - t0) / 1000).toFixed(2),
      formatBytes(proxy.uploadedBytes() - before),
      formatBytes(layerBytes),
      `${pushed.layersUploaded}/${pushed.layersSkipped}/${pushed.layersMounted}`,
      image.manifest.digest.slice(0, 19),
    ]);
    return { seconds: (t2 - t0) / 1000, uploaded: proxy.uploadedBytes() - before, pushed, image };
  };

  const first = await measure('first push (cold cache)');
  const again = await measure('no-change re-push');
  await appendFile(join(appDir, 'dist/cli.js'), '\n// one-file code change\n');
  const change = await measure('one-file code change');

  // The same through the real CLI: adds process start-up. The built CLI (`npx ship`) when there
  // is one, else the sources through tsx (which compiles on the fly: slower to start).
  await appendFile(join(appDir, 'dist/cli.js'), '\n// another one-file code change\n');
  const builtCli = join(repoRoot, 'packages/ship/dist/cli.js');
  const cliArgs = existsSync(builtCli)
    ? [builtCli]
    : ['--import', 'tsx', join(repoRoot, 'packages/ship/src/cli.ts')];
  const t0 = performance.now();
  const before = proxy.uploadedBytes();
  const { stdout } = await run(
    process.execPath,
    [
      ...cliArgs,
      'build',
      appDir,
      '--repo',
      `${proxy.host}/ebov-dash`,
      '--base',
      base,
      '--insecure',
      '--data-file',
      dashboardData,
      '--json',
    ],
    { env: { ...process.env, SHIP_CACHE_DIR: join(work, 'cache'), SOURCE_DATE_EPOCH: '0' } },
  );
  const cliSeconds = (performance.now() - t0) / 1000;
  const viaCli = JSON.parse(stdout) as {
    digest: string;
    layersUploaded: number;
    layersSkipped: number;
    layersMounted: number;
    bytesUploaded: number;
  };
  rows.push([
    `code change, ${existsSync(builtCli) ? 'node dist/cli.js' : 'tsx src/cli.ts'} build`,
    '',
    '',
    cliSeconds.toFixed(2),
    formatBytes(proxy.uploadedBytes() - before),
    formatBytes(viaCli.bytesUploaded),
    `${viaCli.layersUploaded}/${viaCli.layersSkipped}/${viaCli.layersMounted}`,
    viaCli.digest.slice(0, 19),
  ]);

  const header = [
    'scenario',
    'build s',
    'push s',
    'total s',
    'sent (blobs)',
    'layer bytes',
    'layers up/skip/mount',
    'manifest',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(
    `\nship build + push, dashboard image (${first.image.layers.length} layers, ${formatBytes(first.image.layers.reduce((s, l) => s + l.size, 0))} compressed)`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  const againLayerBytes = again.pushed.layersUploaded === 0 ? 0 : again.pushed.bytesUploaded;
  console.log(`\ntargets:
  no-change re-push uploads 0 layer bytes        ${againLayerBytes === 0 ? 'met' : 'MISSED'} (${formatBytes(againLayerBytes)} of layers, ${formatBytes(again.uploaded)} sent incl. config)
  code change uploads ≤ 1 MB                     ${change.uploaded <= 1_000_000 ? 'met' : 'MISSED'} (${formatBytes(change.uploaded)})
  code change build+push ≤ 5 s                   ${change.seconds <= 5 ? 'met' : 'MISSED'} (${change.seconds.toFixed(2)} s in-process; ${cliSeconds.toFixed(2)} s through the CLI)
  machine load (1-min average)                   ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs`);
} finally {
  await proxy.close();
  await Promise.all([baseRegistry.stop(), target.stop()]);
  await rm(work, { recursive: true, force: true });
}
