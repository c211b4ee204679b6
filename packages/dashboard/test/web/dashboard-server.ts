// The real dashboard for browser tests: the client built by scripts/build-web.mjs
// (rebuilt when src/web changed), served by the real Fastify app with the shared
// HDX file, listening on a free loopback port.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { loadDataset } from '../../src/load/index.js';
import { buildApp } from '../../src/server/app.js';

const here = fileURLToPath(import.meta.url);
export const PACKAGE_ROOT = path.resolve(here, '../../..');
export const REPO_ROOT = path.resolve(PACKAGE_ROOT, '../..');
export const SHARED_CSV = path.resolve(REPO_ROOT, '../shared/data/hdx-ebola/ebola_data_db_format.csv');
export const WEB_DIST = path.join(PACKAGE_ROOT, 'dist/web');
export const ARTIFACTS = path.join(PACKAGE_ROOT, 'test-artifacts');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the client unless dist/web is newer than every file of src/web and the build scripts. */
export async function ensureWebBuilt(): Promise<void> {
  const manifest = path.join(WEB_DIST, 'manifest.json');
  const sources = Math.max(
    newestSource(path.join(PACKAGE_ROOT, 'src/web')),
    newestSource(path.join(PACKAGE_ROOT, 'scripts')),
  );
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= sources) return;
  await promisify(execFile)(process.execPath, [path.join(PACKAGE_ROOT, 'scripts/build-web.mjs')], {
    cwd: PACKAGE_ROOT,
  });
}

export interface RunningDashboard {
  url: string;
  origin: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startDashboard(): Promise<RunningDashboard> {
  await ensureWebBuilt();
  const dataset = await loadDataset({
    source: SHARED_CSV,
    cacheDir: path.join(tmpdir(), 'ebov-dash-web-test'),
  });
  const app = buildApp({ dataset, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the dashboard did not get a port');
  const origin = `http://127.0.0.1:${address.port}`;
  return { url: `${origin}/`, origin, app, close: () => app.close() };
}
