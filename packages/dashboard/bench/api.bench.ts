// HTTP API benchmark (not a test): the built server (`node dist/cli.js`) on
// loopback with the shared HDX file, driven by wrk (Debian). Prints
//   - req/s, p50, p99 at 8 and 64 connections for a 2-country and an all-country
//     query, with WEB_CONCURRENCY=2 and =1 (Accept-Encoding: br, gzip, as browsers send);
//   - the same at 64 connections for weekly and Rt (measure=rt) queries, and the time of the
//     first all-country Rt request on a fresh server (computed, then served from the cache);
//   - cold start: spawn → first 200 from /readyz (median of several), with the prepared dataset
//     kept by an earlier start (the usual case: every start after the first with the same data and
//     build, and the container image, which is built with it), and the first start that builds it;
//   - RSS of each server process after the load.
// against the targets of issue 2. Needs `npm run build` first (the bench script does it).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEMORY_FLAGS } from '../src/server/cluster.js';

const PACKAGE_ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
const CLI = path.join(PACKAGE_ROOT, 'dist/cli.js');
const SHARED_CSV = path.resolve(PACKAGE_ROOT, '../../../shared/data/hdx-ebola/ebola_data_db_format.csv');
const DURATION_S = Number(process.env['BENCH_API_SECONDS'] ?? 10);
const COLD_STARTS = Number(process.env['BENCH_API_COLD_STARTS'] ?? 7);

const RT_ALL = '/api/series?indicator=cumulative-all-cases&measure=rt';
const QUERIES = {
  '2 countries': '/api/series?country=Guinea&country=Liberia&indicator=cumulative-all-cases',
  'all countries': '/api/series?indicator=cumulative-all-cases',
  '2 countries weekly':
    '/api/series?country=Guinea&country=Liberia&indicator=cumulative-all-cases&measure=weekly',
  '2 countries rt': '/api/series?country=Guinea&country=Liberia&indicator=cumulative-all-cases&measure=rt',
  'all countries rt': RT_ALL,
} as const;
/** Connection counts per query: the derived measures at 64 only (each row costs a run). */
const CONNECTIONS: Record<keyof typeof QUERIES, number[]> = {
  '2 countries': [8, 64],
  'all countries': [8, 64],
  '2 countries weekly': [64],
  '2 countries rt': [64],
  'all countries rt': [64],
};
const TARGETS = {
  '2 countries': 9_000,
  'all countries': 2_500,
  '2 countries weekly': 9_000,
  '2 countries rt': 9_000,
  'all countries rt': 2_500,
  p99Ms: 20,
  coldStartMs: 400,
  rssMb: 80,
};

interface Server {
  child: ChildProcess;
  port: number;
  logFile: string;
  stop: (keepLog?: boolean) => Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** One GET /readyz on a fresh connection (node:http: cheaper per try than fetch, so polling steals little CPU). */
function readyzOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/readyz', agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
    });
    request.on('error', () => resolve(false));
  });
}

/** The bench's own cache folder: prepared datasets from other builds or runs do not count. */
const CACHE_DIR = mkdtempSync(path.join(tmpdir(), 'ebov-bench-cache-'));

/** Starts `node dist/cli.js`; resolves once /readyz answers 200, with the ms that took. */
async function startServer(workers: number, cacheDir = CACHE_DIR): Promise<Server & { startMs: number }> {
  const port = await freePort();
  // Logs go to a file: a pipe read by this process would steal CPU from the server under load.
  const logFile = path.join(tmpdir(), `ebov-bench-${process.pid}-${port}.log`);
  const out = openSync(logFile, 'w');
  const started = performance.now();
  // The node flags of package.json "start" and the bin's shebang.
  const child = spawn(
    process.execPath,
    [...MEMORY_FLAGS, CLI, '--port', String(port), '--host', '127.0.0.1'],
    {
      env: {
        ...process.env,
        EBOV_DATA: SHARED_CSV,
        EBOV_CACHE_DIR: cacheDir,
        EBOV_PREPARED_DIR: '',
        WEB_CONCURRENCY: String(workers),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', out, 'inherit'],
    },
  );
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async (keepLog = false) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (!keepLog) rmSync(logFile, { force: true });
  };
  for (;;) {
    if (await readyzOk(port)) break;
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}); see its log ${logFile}`);
    if (performance.now() - started > 60_000) {
      await stop(true);
      throw new Error(`the server did not get ready within 60 s; its log: ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const startMs = performance.now() - started;
  if (workers > 1) {
    // /readyz answers as soon as one worker listens; wait for all of them before measuring.
    while (logLines(logFile).filter((line) => line['msg'] === 'worker ready').length < workers) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { child, port, logFile, stop, startMs };
}

function logLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function serverPids(server: Server): number[] {
  const workers = logLines(server.logFile)
    .filter((line) => line['msg'] === 'worker ready')
    .map((line) => Number(line['worker']));
  return workers.length > 0 ? workers : [server.child.pid as number];
}

/** RSS, its peak, and its part in file-backed pages (the node binary's code, shared by every worker). */
function memoryMb(pid: number): { rss: number; peak: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024, file: kb('RssFile') / 1024 };
}

/** What the server itself logged when it got ready: ms since its start, and CPU ms spent until then. */
function serverStart(server: Server): { startMs: number; cpuMs: number } {
  const line = logLines(server.logFile).find((l) => l['msg'] === 'ebov-dash is serving') ?? {};
  return { startMs: Number(line['startMs']), cpuMs: Number(line['cpuMs']) };
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function toMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

function wrk(port: number, url: string, connections: number, seconds: number): WrkResult {
  const output = execFileSync(
    'wrk',
    [
      '--latency',
      // One load-generator thread: it drives well over the targets, and on a 2-core machine a second
      // one would take a CPU from the server's workers and measure wrk's contention, not the server.
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '-H',
      'Accept-Encoding: br, gzip',
      `http://127.0.0.1:${port}${url}`,
    ],
    { encoding: 'utf8' },
  );
  const percentile = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(output)?.[1] ?? '');
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN),
    p50: percentile('50'),
    p99: percentile('99'),
    errors:
      Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0) +
      Number(/Socket errors: connect (\d+)/.exec(output)?.[1] ?? 0),
  };
}

/** Wall-clock ms of one GET (fresh connection, as a browser asks), after which the answer is cached. */
function timedGet(port: number, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = get(
      { host: '127.0.0.1', port, path: url, agent: false, headers: { 'accept-encoding': 'br, gzip' } },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`${url}: HTTP ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const loadBefore = loadavg();
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  if (!existsSync(SHARED_CSV)) throw new Error(`${SHARED_CSV} is missing (the shared HDX file)`);
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk --version exits 1 after printing; only a missing binary is a problem.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'wrk is not installed: `apt-get install wrk` (scripts/ensure-system-packages.sh does it)',
      );
    }
  }

  const rows: string[][] = [];
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  let rssRow: string[] = [];
  const rtFirst: string[] = [];

  // As the image build does (and as every start after the first with the same data and build
  // finds it): the prepared dataset is there before the servers start, so none of them parses the CSV.
  execFileSync(process.execPath, [CLI, '--check'], {
    env: { ...process.env, EBOV_DATA: SHARED_CSV, EBOV_CACHE_DIR: CACHE_DIR, EBOV_PREPARED_DIR: '' },
    stdio: 'ignore',
  });

  for (const workers of [2, 1]) {
    const server = await startServer(workers);
    try {
      // Before any other request: the worker computes Rt for every country, then caches the answer.
      rtFirst.push(
        `${fmt(await timedGet(server.port, RT_ALL), 1)} ms (${workers} worker${workers > 1 ? 's' : ''})`,
      );
      for (const url of Object.values(QUERIES)) wrk(server.port, url, 64, 2); // warm-up: JIT and cache
      for (const [name, url] of Object.entries(QUERIES) as [keyof typeof QUERIES, string][]) {
        for (const connections of CONNECTIONS[name]) {
          const r = wrk(server.port, url, connections, DURATION_S);
          const target = connections === 64 ? TARGETS[name] : undefined;
          rows.push([
            `${name}, ${connections} conn, ${workers} worker${workers > 1 ? 's' : ''}`,
            fmt(r.rps),
            `${fmt(r.p50, 2)} ms`,
            `${fmt(r.p99, 2)} ms`,
            r.errors > 0 ? `${r.errors} errors` : '',
            target === undefined ? '' : `≥ ${fmt(target)} req/s, p99 ≤ ${TARGETS.p99Ms} ms`,
            target === undefined ? '' : verdict(r.rps >= target && r.p99 <= TARGETS.p99Ms && r.errors === 0),
          ]);
        }
      }
      if (workers === 2) {
        const memory = serverPids(server).map(memoryMb);
        rssRow = [
          'RSS after load, per worker (started from the prepared dataset)',
          memory.map((m) => `${fmt(m.rss, 1)} MB`).join(', '),
          `of which node binary (shared): ${memory.map((m) => fmt(m.file, 1)).join(', ')} MB`,
          `peak ${memory.map((m) => fmt(m.peak, 1)).join(', ')} MB`,
          '',
          `≤ ${TARGETS.rssMb} MB`,
          verdict(Math.max(...memory.map((m) => m.rss)) <= TARGETS.rssMb),
        ];
      }
    } finally {
      await server.stop();
    }
  }

  // First starts: an empty cache folder each, so each parses the CSV and keeps the prepared dataset.
  const firstStarts: number[] = [];
  const firstCpu: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const emptyCache = mkdtempSync(path.join(tmpdir(), 'ebov-bench-first-'));
    const server = await startServer(1, emptyCache);
    firstStarts.push(server.startMs);
    // Read after the exit: logs are written asynchronously, and flushed at the latest then.
    await server.stop(true);
    firstCpu.push(serverStart(server).cpuMs);
    rmSync(server.logFile, { force: true });
    rmSync(emptyCache, { recursive: true, force: true });
  }
  // Later starts: the load phase above left the prepared dataset in CACHE_DIR.
  const coldStarts: number[] = [];
  const coldCpu: number[] = [];
  for (let i = 0; i < COLD_STARTS; i += 1) {
    const server = await startServer(1);
    coldStarts.push(server.startMs);
    await server.stop(true);
    const { cpuMs } = serverStart(server);
    if (Number.isFinite(cpuMs)) coldCpu.push(cpuMs);
    rmSync(server.logFile, { force: true });
  }
  rmSync(CACHE_DIR, { recursive: true, force: true });
  const cold = median(coldStarts);

  const header = ['measure', 'req/s', 'p50', 'p99', 'errors', 'target', ''];
  const table = [
    header,
    ...rows,
    ['rt, all countries: first request on a fresh server (computed)', rtFirst.join(', '), '', '', '', '', ''],
    [
      `cold start → /readyz 200, prepared dataset (median of ${COLD_STARTS})`,
      `${fmt(cold)} ms`,
      `min ${fmt(Math.min(...coldStarts))}`,
      `max ${fmt(Math.max(...coldStarts))}`,
      '',
      `≤ ${TARGETS.coldStartMs} ms`,
      verdict(cold <= TARGETS.coldStartMs),
    ],
    [
      '  CPU time of the server until ready (median)',
      `${fmt(median(coldCpu))} ms`,
      `min ${fmt(Math.min(...coldCpu))}`,
      `max ${fmt(Math.max(...coldCpu))}`,
      '',
      '',
      '',
    ],
    [
      '  first start: parses the CSV, keeps the prepared dataset (median of 3)',
      `${fmt(median(firstStarts))} ms`,
      `min ${fmt(Math.min(...firstStarts))}`,
      `max ${fmt(Math.max(...firstStarts))}`,
      `CPU ${fmt(median(firstCpu))} ms`,
      '',
      '',
    ],
    rssRow,
  ];
  const widths = header.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  console.log(
    `\nebov-dash API benchmark: wrk on loopback, ${DURATION_S} s per row, Accept-Encoding: br, gzip; ` +
      `Node ${process.version}; load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`,
  );
  for (const row of table) console.log(row.map((cell, c) => (cell ?? '').padEnd(widths[c] ?? 0)).join('  '));
  const cpus = availableParallelism();
  if (loadBefore[0] !== undefined && loadBefore[0] > cpus) {
    console.log(
      `\nThe machine was busy (load average ${loadBefore[0].toFixed(1)} on ${cpus} CPUs): the server, wrk and ` +
        'other processes shared the CPUs, so latencies and the cold start are inflated. Run again on an idle machine.',
    );
  }
  console.log(
    '\nThe original Dash app (gunicorn, 2 workers, 64 connections): 176 req/s (p99 0.5 s) for 2 countries, ' +
      '50 req/s (p99 1.6 s) for all; 0.9 s to start; 93 MiB per worker.',
  );
}

main().catch((error: unknown) => {
  console.error(`api bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
