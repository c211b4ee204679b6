// Next.js with output: 'standalone', generated here from the npm registry (next, react, react-dom;
// install scripts off) and built with `next build`: ship lays out .next/standalone (its traced
// node_modules, no lockfile install), .next/static and public beside server.js, HOSTNAME=0.0.0.0.
// The image runs read-only as uid 1000, serves the page, its static chunk and a public file, and
// exits 0 within 2 s of `podman stop`. Slow (next build takes 1–3 minutes on a loaded machine).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundledApp } from '../../src/app/app-files.js';
import { readNodeApp } from '../../src/app/node-app.js';
import { buildToArchive, prepareNextApp, runReadOnly, stopAndMeasure } from '../support/app-fixtures.js';
import { PODMAN, serveBaseStandin } from '../support/dashboard-copy.js';
import { freePort, startRegistry, type TestRegistry } from '../support/registry.js';

const run = promisify(execFile);
const podman = async (args: string[], timeout = 300_000) =>
  (await run('podman', [...PODMAN, ...args], { timeout, maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
const container = `apps-next-${randomBytes(4).toString('hex')}`;

let work: string;
let app: string;
let registry: TestRegistry;
let base: string;
let image: string | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ship-next-'));
  app = await prepareNextApp(join(work, 'next-app'), { standalone: true });
  registry = await startRegistry();
  base = serveBaseStandin(registry.host);
}, 900_000);

afterAll(async () => {
  await podman(['rm', '-f', '-t', '0', container]).catch(() => {});
  if (image) await podman(['rmi', '-f', image]).catch(() => {});
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('Next.js standalone', () => {
  it('takes the traced standalone output, at most half the size of the full install', async () => {
    const nodeApp = await readNodeApp(app);
    expect(nodeApp.start.shape).toBe('next-standalone');
    const bundled = await readBundledApp(nodeApp, 'app');
    const bytes = bundled.files.reduce((sum, f) => sum + (f.kind === 'file' ? f.content.length : 0), 0);
    const full = Number((await run('du', ['-sb', join(app, 'node_modules')])).stdout.split('\t')[0]);
    expect(bundled.files.some((f) => f.path.includes('@next/swc'))).toBe(false);
    expect(bytes).toBeLessThan(full / 2);
  }, 120_000);

  it('runs read-only as uid 1000: page, static chunk and public file answer 200; stop < 2 s, exit 0', async () => {
    const built = await buildToArchive(app, {
      base,
      cacheDir: join(work, 'cache'),
      archive: join(work, 'next.tar'),
    });
    expect(built.start.slice(3)).toEqual(['server.js']);
    image = /Loaded image(?:\(s\))?: (\S+)/.exec(await podman(['load', '-q', '-i', built.archive]))?.[1];
    expect(image).toBeTruthy();
    const port = await freePort();
    await runReadOnly(image!, container, port);
    const url = `http://127.0.0.1:${port}`;
    let html = '';
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !html) {
      html = await fetch(`${url}/`)
        .then((r) => (r.status === 200 ? r.text() : ''))
        .catch(() => '');
      if (!html) await new Promise((r) => setTimeout(r, 250));
    }
    expect(html, await podman(['logs', container]).catch(String)).toContain('Next says hello');
    const chunk = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(chunk).toBeTruthy();
    expect((await fetch(`${url}${chunk}`)).status).toBe(200);
    expect(await (await fetch(`${url}/robots.txt`)).text()).toBe('User-agent: *\n');

    const stop = await stopAndMeasure(container);
    expect(stop.exitCode).toBe('0');
    expect(stop.exitMs).toBeLessThan(2000);
  }, 900_000);
});
