// The graceful-exit preload against real node processes: SIGTERM drains a server (a request in
// flight completes) and exits 0; an app's own handler is left to do its draining; loopback-only
// listening is warned about.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRACEFUL_EXIT_SOURCE } from '../../src/build/graceful-exit.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ship-graceful-'));
  await writeFile(join(dir, 'graceful-exit.cjs'), GRACEFUL_EXIT_SOURCE);
  // A server with a slow route, like an app that registered no signal handler.
  await writeFile(
    join(dir, 'server.mjs'),
    `import http from 'node:http';
const server = http.createServer((req, res) => {
  if (req.url === '/slow') setTimeout(() => res.end('done'), 400);
  else res.end('ok');
});
server.listen(0, process.env.HOST, () => console.log('port ' + server.address().port));
setInterval(() => {}, 1000); // a timer keeps the loop alive: exiting must not wait for it
if (process.env.OWN_HANDLER) process.on('SIGTERM', () => { console.log('own handler'); server.close(() => process.exit(3)); });
`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function start(
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(
    process.execPath,
    ['--require', join(dir, 'graceful-exit.cjs'), join(dir, 'server.mjs')],
    {
      env: { ...process.env, HOST: '0.0.0.0', ...env },
    },
  );
  let output = '';
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const port = /port (\d+)/.exec(output);
      if (port) resolve({ child, port: Number(port[1]), output: () => output });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

describe('graceful-exit preload', () => {
  it('SIGTERM: the request in flight completes, then node exits 0 without waiting out timers', async () => {
    const { child, port } = await start();
    const slow = fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    child.kill('SIGTERM');
    const [code, body] = await Promise.all([exited(child), slow]);
    expect(body).toBe('done');
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("leaves SIGTERM to the app's own handler", async () => {
    const { child, output } = await start({ OWN_HANDLER: '1' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(3);
    expect(output()).toContain('own handler');
  });

  it('warns when the app listens on loopback only', async () => {
    const { child, output } = await start({ HOST: '127.0.0.1' });
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    await exited(child);
    expect(output()).toContain('ship: warning: the app listens on 127.0.0.1:');
  });
});
