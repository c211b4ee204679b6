// Loading and limits benchmark (not a test): the built server (`node dist/cli.js`, with the
// entry point's node flags) on generated valid HDX-format files (10, 100 and 250 MB; set
// BENCH_LOAD_MB=10,100 for others), and under a flood of long-URL requests while nobody reads its
// stdout. Prints
//   - `--check` of each file: wall time and peak RSS (GNU time's maximum resident set size);
//   - start → /readyz 200 on the 100 MB file (or the largest below it): the first start (parses it)
//     and the next (prepared dataset);
//   - RSS during a 20 s flood of 8,000-character URLs at 32 connections with a stalled stdout,
//     sampled every second, and whether SIGTERM then exits 0;
// against the targets of issue 16: peak RSS ≤ 3 × the file size + 80 MB, RSS flat under the flood.
// Needs `npm run build` first (the bench script does it). Quote figures with the load average.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, get, request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEMORY_FLAGS } from '../src/server/cluster.js';

const PACKAGE_ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
const CLI = path.join(PACKAGE_ROOT, 'dist/cli.js');
const SIZES_MB = (process.env['BENCH_LOAD_MB'] ?? '10,100,250').split(',').map(Number);
const FLOOD_S = Number(process.env['BENCH_FLOOD_SECONDS'] ?? 20);
const work = mkdtempSync(path.join(tmpdir(), 'ebov-bench-load-'));

const INDICATORS = [
  'Cumulative number of confirmed Ebola cases',
  'Cumulative number of probable Ebola cases',
  'Cumulative number of suspected Ebola cases',
  'Cumulative number of confirmed, probable and suspected Ebola cases',
  'Cumulative number of confirmed Ebola deaths',
  'Cumulative number of probable Ebola deaths',
  'Cumulative number of suspected Ebola deaths',
  'Cumulative number of confirmed, probable and suspected Ebola deaths',
];

/** A valid HDX long CSV of about `bytes`: 8 indicators × N places × daily dates, no duplicates. */
async function generate(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve));
  await write('Indicator,Country,Date,value\n');
  let written = 0;
  let rows = 0;
  const days = 600;
  for (let place = 0; written < bytes; place += 1) {
    const country = `District ${String(place).padStart(4, '0')}`;
    for (const [i, indicator] of INDICATORS.entries()) {
      let lines = '';
      for (let day = 0; day < days; day += 1) {
        const date = new Date(Date.UTC(2014, 2, 1) + day * 86_400_000).toISOString().slice(0, 10);
        const quoted = indicator.includes(',') ? `"${indicator}"` : indicator;
        lines += `${quoted},${country},${date},${day * (i + 1) + place}\n`;
      }
      written += Buffer.byteLength(lines);
      rows += days;
      await write(lines);
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return rows;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function status(port: number, route: string, agent: Agent | false = false): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: route, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
}

const rssMb = (pid: number): number => {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

function spawnServer(
  env: Record<string, string>,
  stdout: 'ignore' | 'pipe',
): { child: ChildProcess; port: Promise<number> } {
  const port = freePort();
  let child!: ChildProcess;
  const ready = port.then((p) => {
    child = spawn(process.execPath, [...MEMORY_FLAGS, CLI, '--port', String(p), '--host', '127.0.0.1'], {
      env: { ...process.env, LOG_LEVEL: 'info', WEB_CONCURRENCY: '1', ...env },
      stdio: ['ignore', stdout, 'inherit'],
    });
    return p;
  });
  return {
    get child() {
      return child;
    },
    port: ready,
  };
}

async function startToReady(env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const server = spawnServer(env, 'ignore');
  const port = await server.port;
  while ((await status(port, '/readyz')) !== 200) {
    if (server.child.exitCode !== null) throw new Error(`the server exited ${server.child.exitCode}`);
    if (performance.now() - started > 300_000) throw new Error('not ready within 300 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ms = performance.now() - started;
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  return ms;
}

async function flood(): Promise<{ samples: number[]; answered: number; exit: string }> {
  const server = spawnServer(
    { EBOV_DATA: 'snapshot', EBOV_CACHE_DIR: path.join(work, 'flood-cache') },
    'pipe',
  );
  const port = await server.port;
  server.child.stdout?.pause(); // a stalled log collector: the pipe fills and stays full
  while ((await status(port, '/readyz')) !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
  const pid = server.child.pid ?? 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const longPath = `/api/series?indicator=cumulative-all-cases&country=Guinea&x=${'a'.repeat(8_000)}`;
  const samples = [rssMb(pid)];
  const sampler = setInterval(() => samples.push(rssMb(pid)), 1_000);
  const ends = Date.now() + FLOOD_S * 1_000;
  let answered = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (Date.now() < ends) {
        const code = await new Promise<number>((resolve) => {
          const req = request({ host: '127.0.0.1', port, path: longPath, agent }, (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          });
          req.on('error', () => resolve(0));
          req.end();
        });
        if (code > 0) answered += 1;
      }
    }),
  );
  clearInterval(sampler);
  agent.destroy();
  const exited = new Promise<string>((resolve) =>
    server.child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit ${code}`)),
  );
  const signalled = performance.now();
  server.child.kill('SIGTERM');
  const timeout = new Promise<string>((resolve) =>
    setTimeout(() => resolve('still running after 10 s'), 10_000),
  );
  const exit = await Promise.race([exited, timeout]);
  if (exit.startsWith('still')) server.child.kill('SIGKILL');
  return { samples, answered, exit: `${exit} ${Math.round(performance.now() - signalled)} ms after SIGTERM` };
}

/** `--check` of `file` under GNU time: wall time and peak RSS against the target. */
function check(file: string, fileMb: number): string {
  const targetRss = 3 * fileMb + 80;
  // GNU time writes "<seconds> <max RSS kB>" to its -o file, the check's summary to stdout.
  const env = {
    ...process.env,
    EBOV_DATA: file,
    EBOV_CACHE_DIR: path.join(work, 'cache'),
    EBOV_PREPARED_DIR: path.join(work, `check-prepared-${fileMb.toFixed(0)}`),
  };
  try {
    execFileSync(
      '/usr/bin/time',
      ['-f', '%e %M', '-o', path.join(work, 'time.txt'), process.execPath, ...MEMORY_FLAGS, CLI, '--check'],
      { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
    );
    const [seconds, kb] = readFileSync(path.join(work, 'time.txt'), 'utf8').trim().split(/\s+/).map(Number);
    const peak = (kb ?? 0) / 1024;
    return `${seconds?.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB (target ≤ ${targetRss.toFixed(0)} MB: ${peak <= targetRss ? 'met' : 'NOT met'})`;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    return `failed: ${stderr.split('\n').slice(0, 3).join(' ')}`;
  }
}

async function main(): Promise<void> {
  const before = loadavg();
  const checks: string[][] = [];
  let served = '';
  for (const mb of SIZES_MB) {
    const file = path.join(work, `generated-${mb}.csv`);
    const rows = await generate(file, mb * 1024 * 1024);
    const fileMb = statSync(file).size / 1024 / 1024;
    checks.push([
      `--check, ${fileMb.toFixed(0)} MB file (${rows.toLocaleString('en')} rows)`,
      check(file, fileMb),
    ]);
    if (mb <= 100 || served === '') {
      if (served !== '') rmSync(served);
      served = file;
    } else rmSync(file);
  }
  const file = served;
  const servedMb = (statSync(file).size / 1024 / 1024).toFixed(0);
  const serveEnv = {
    EBOV_DATA: file,
    EBOV_CACHE_DIR: path.join(work, 'cache'),
    EBOV_PREPARED_DIR: path.join(work, 'serve-prepared'),
  };
  let first = '';
  let second = '';
  try {
    first = `${((await startToReady(serveEnv)) / 1000).toFixed(1)} s`;
    second = `${((await startToReady(serveEnv)) / 1000).toFixed(1)} s`;
  } catch (error) {
    first = `failed: ${(error as Error).message}`;
  }
  const flooded = await flood();
  const after = loadavg();

  const table = [
    ['row', 'value'],
    ...checks,
    [`start → /readyz, ${servedMb} MB file, first start`, first],
    [`start → /readyz, ${servedMb} MB file, prepared`, second],
    [
      `RSS under a ${FLOOD_S} s long-URL flood, stdout stalled`,
      `${flooded.samples.map((mb) => mb.toFixed(0)).join(' ')} MB (start ${flooded.samples[0]?.toFixed(0)}, max ${Math.max(...flooded.samples).toFixed(0)}); ${flooded.answered} answers`,
    ],
    ['SIGTERM after the flood', flooded.exit],
  ];
  const width = Math.max(...table.map((row) => row[0]!.length));
  for (const [name, value] of table) console.log(`${name!.padEnd(width)}  ${value}`);
  console.log(
    `load average before ${before.map((n) => n.toFixed(2)).join(' ')}, after ${after.map((n) => n.toFixed(2)).join(' ')} (2 cores, shared: times are upper bounds)`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
