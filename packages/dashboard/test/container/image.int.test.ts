// The container image: the Dockerfile, unchanged, built with podman on a local stand-in for its
// base (no registry is reachable here), with no build argument for the data (the image serves the
// HDX snapshot the package carries); then run the way ECS
// runs it: read-only root filesystem, the image's non-root user, SIGTERM to stop.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT } from '../../src/load/index.js';
import { PIPELINED, parseResponses, slowReader } from '../support/stalled-client.js';
import { inspect, layerSizes, PODMAN_LIMITS, podman, sizeReport } from './podman.js';

const REPO_ROOT = path.resolve(fileURLToPath(import.meta.url), '../../../../..');
const SNAPSHOT_IN_IMAGE = '/app/packages/dashboard/data/hdx-ebola/ebola_data_db_format.csv.gz';
const SYSTEM_CA = '/etc/ssl/certs/ca-certificates.crt';
const SUFFIX = randomBytes(4).toString('hex');
const IMAGE = `localhost/ebov-dash-check-${SUFFIX}:test`;
const CONTAINER = `ebov-dash-check-${SUFFIX}`;
const OUR_LAYERS_LIMIT = 15_000_000;
/** ~180 kB each (the all-country CSV, uncompressed): 60 of them outgrow every socket buffer. */

/**
 * The stand-in for the Dockerfile's base: a name of our own with the base's tag (the script reads
 * the Node version from it), never the official name, which a later real pull must not find taken.
 */
function baseImageName(): string {
  const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const tag = /^ARG NODE_IMAGE=\S+\/node:([^@\s]+)@sha256:[0-9a-f]{64}$/m.exec(dockerfile)?.[1];
  if (tag === undefined) throw new Error('Dockerfile: no `ARG NODE_IMAGE=…/node:<tag>@sha256:<digest>` line');
  return `localhost/ebov-dash-test-node:${tag}`;
}
const BASE = baseImageName();

let port = 0;
/** The server's PID on the host, once started. */
let serverPid = 0;
const url = (route: string) => `http://127.0.0.1:${port}${route}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function until(check: () => Promise<boolean>, limitMs: number, what: string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const logs = await podman(['logs', '--tail', '30', CONTAINER]).catch(() => '');
  throw new Error(`${what}: not within ${limitMs} ms; container logs:\n${logs}`);
}

beforeAll(async () => {
  await promisify(execFile)('bash', [path.join(REPO_ROOT, 'scripts/container/make-base-standin.sh'), BASE], {
    timeout: 300_000,
  });
  // The stand-in carries the host's CA bundle: needed where a TLS-intercepting proxy sits
  // between the build and the npm registry, harmless elsewhere.
  const ca = existsSync(SYSTEM_CA) ? ['--build-arg', `NODE_EXTRA_CA_CERTS=${SYSTEM_CA}`] : [];
  const started = Date.now();
  await podman(
    [
      'build',
      '--pull=never',
      ...PODMAN_LIMITS,
      // docker format keeps the HEALTHCHECK (OCI image configs have no such field).
      '--format=docker',
      // One layer per stage: on vfs storage every layer is a full copy of the tree, and per-instruction
      // layers (docker's and podman's default) made this build ~2.5 min slower. Sizes are the same.
      '--layers=false',
      '--build-arg',
      `NODE_IMAGE=${BASE}`,
      ...ca,
      '--tag',
      IMAGE,
      REPO_ROOT,
    ],
    600_000,
  );
  console.log(`built ${IMAGE} on ${BASE} (stand-in) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}, 900_000);

afterAll(async () => {
  await podman(['rm', '--force', '--time', '0', CONTAINER]).catch(() => undefined);
  await podman(['rmi', '--force', IMAGE]).catch(() => undefined);
}, 300_000);

describe('container image', () => {
  it('starts read-only as its non-root user and serves the page and the API from the embedded snapshot', async () => {
    const user = await inspect(IMAGE, '{{.Config.User}}');
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    port = await freePort();
    await podman([
      'create',
      '--name',
      CONTAINER,
      ...PODMAN_LIMITS,
      // As docker --read-only and ECS readonlyRootFilesystem: no writable tmpfs added either.
      '--read-only',
      '--read-only-tmpfs=false',
      '--user',
      user,
      // Keep the image's HEALTHCHECK, run it on demand below (no systemd timers here).
      '--health-interval=disable',
      '--env',
      `PORT=${port}`,
      IMAGE,
    ]);
    const started = performance.now();
    await podman(['start', CONTAINER]);
    await until(async () => (await fetch(url('/readyz'))).status === 200, 30_000, 'GET /readyz → 200');
    const startToReady = Math.round(performance.now() - started);
    const logs = await podman(['logs', CONTAINER]);
    const serving = /"startMs":(\d+)/.exec(logs)?.[1];
    // The image build checked the data and kept the prepared dataset: the start reads it, no CSV parse.
    expect(logs).toContain(`using the prepared dataset of ${SNAPSHOT_IN_IMAGE}`);
    console.log(
      `container start → /readyz: ${startToReady} ms (target ≤ 1000 ms); node's own start to listening: ${serving} ms`,
    );

    expect(await (await fetch(url('/healthz'))).json()).toEqual({ status: 'alive' });
    const meta = (await (await fetch(url('/api/meta'))).json()) as {
      source: { location: string; kind: string; sha256: string };
      countries: { name: string }[];
      indicators: unknown[];
    };
    expect(meta.source).toMatchObject({
      kind: 'snapshot',
      location: SNAPSHOT_IN_IMAGE,
      sha256: SNAPSHOT.sha256,
    });
    expect(meta.countries.map((country) => country.name)).toContain('Guinea');
    expect(meta.indicators).toHaveLength(36);
    const page = await fetch(url('/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const script = /<script type="module" src="([^"]+)"/.exec(await page.text())?.[1];
    expect(script).toBeDefined();
    expect((await fetch(url(script ?? '/missing'))).status).toBe(200);

    serverPid = Number(await inspect(CONTAINER, '{{.State.Pid}}'));
    const uids = /^Uid:\s+(.*)$/m
      .exec(await readFile(`/proc/${serverPid}/status`, 'utf8'))?.[1]
      ?.split(/\s+/);
    expect(uids).toEqual(Array(4).fill(user.split(':')[0]));
    expect(await inspect(CONTAINER, '{{.HostConfig.ReadonlyRootfs}}')).toBe('true');
    await expect(
      podman(['exec', CONTAINER, 'node', '-e', "require('fs').writeFileSync('/tmp/probe', '')"]),
    ).rejects.toThrow(/EROFS/);
    // Production dependencies and built output only: no compiler, no sources, no npm cache.
    const present = await podman([
      'exec',
      CONTAINER,
      'node',
      '-p',
      "['node_modules/fastify', 'node_modules/typescript', 'node_modules/esbuild', 'packages/dashboard/src', 'packages/ship', '.git'].filter((p) => require('fs').existsSync(p)).join()",
    ]);
    expect(present.trim()).toBe('node_modules/fastify');
    // Exits non-zero (and podman() throws) unless the image's HEALTHCHECK passes.
    await podman(['healthcheck', 'run', CONTAINER]);
  }, 120_000);

  it('on SIGTERM finishes the answers in flight, then exits 0 within 5 s', async () => {
    expect(await inspect(CONTAINER, '{{.State.Running}}')).toBe('true');
    const client = slowReader(port);
    await client.firstBytes;

    const signalled = Date.now();
    await podman(['kill', '--signal', 'TERM', CONTAINER]);
    // The client has read almost nothing of ~11 MB: the server must still be waiting for it.
    // (Asked of /proc, not podman: the server's grace period runs meanwhile.)
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(`/proc/${serverPid}`)).toBe(true);

    client.socket.resume();
    const { responses, rest } = parseResponses(await client.all);
    expect(rest).toBe(0);
    expect(responses.length).toBeGreaterThanOrEqual(1);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.body.length).toBeGreaterThan(150_000);
    }
    await until(async () => (await inspect(CONTAINER, '{{.State.Running}}')) === 'false', 10_000, 'exit');
    expect(await inspect(CONTAINER, '{{.State.ExitCode}}')).toBe('0');
    const finished = Date.parse(
      await inspect(CONTAINER, '{{.State.FinishedAt.Format "2006-01-02T15:04:05.000Z07:00"}}'),
    );
    console.log(
      `SIGTERM → exit 0 in ${finished - signalled} ms with ${responses.length} of ${PIPELINED} pipelined answers delivered`,
    );
    expect(finished - signalled).toBeLessThanOrEqual(5_000);
  }, 120_000);

  it('adds at most 15 MB (compressed) on top of its base', async () => {
    const layers = await layerSizes(IMAGE, BASE);
    console.log(`image layers (base: the local stand-in for ${BASE}):\n${sizeReport(layers)}`);
    const ours = layers.filter((layer) => !layer.fromBase);
    expect(layers.some((layer) => layer.fromBase)).toBe(true);
    expect(ours.length).toBeGreaterThanOrEqual(1);
    expect(ours.reduce((total, layer) => total + layer.compressed, 0)).toBeLessThanOrEqual(OUR_LAYERS_LIMIT);
  }, 300_000);
});
