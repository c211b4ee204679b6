// The `ebov-dash` command's own answers: help, and every user mistake gets a
// clear message, the next step and an exit code, never a stack trace.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SHARED_CSV } from './shared-data.js';
import { BUNDLED_CLI, runCli, startServer, stop } from './spawned-server.js';

const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;
const tmp = mkdtempSync(path.join(tmpdir(), 'ebov-cli-'));

async function finished(args: string[], env: Record<string, string | undefined> = {}) {
  const run = runCli(args, { EBOV_DATA: SHARED_CSV, ...env });
  const exit = await run.exited;
  return { code: exit.code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('ebov-dash --help', () => {
  it('prints the flags and the environment and exits 0', async () => {
    const result = await finished(['--help']);
    expect(result.code).toBe(0);
    for (const word of [
      '--data',
      '--port',
      '--host',
      '--date-format',
      '--cache-dir',
      'EBOV_DATA',
      'WEB_CONCURRENCY',
    ]) {
      expect(result.stdout).toContain(word);
    }
  });
});

describe.concurrent('usage mistakes exit 2 with the message and a pointer to --help', () => {
  it.each([
    [['--bogus'], {}, /unknown option '--bogus'/i],
    [['--port', 'http'], {}, /port "http" is not a port number/],
    [['--port', '70000'], {}, /port "70000" is not a port number/],
    [[], { PORT: '-1' }, /port "-1" is not a port number/],
    [['--date-format', 'ymd'], {}, /--date-format "ymd" is not one of iso, mdy, dmy/],
    [['--data', ''], {}, /--data \/ EBOV_DATA is empty/],
    [[], { WEB_CONCURRENCY: 'many' }, /WEB_CONCURRENCY="many"/],
    [[], { LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [['--max-size', 'lots'], {}, /--max-size \/ EBOV_MAX_SIZE_MB "lots" is not a size in MB/],
    [[], { EBOV_MAX_SIZE_MB: '0' }, /--max-size \/ EBOV_MAX_SIZE_MB "0" is not a size in MB/],
    [['extra'], {}, /unexpected argument 'extra'/i],
  ])('%j %j', async (args, env, message) => {
    const result = await finished(args as string[], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('ebov-dash --help');
    expect(result.stderr).not.toMatch(STACK_LINE);
  });
});

describe('paths', () => {
  it('reads a relative --data from where `npm start` was typed (INIT_CWD), not from the package folder', async () => {
    const relative = path.relative(REPO_ROOT, SHARED_CSV);
    expect(relative.startsWith('..')).toBe(true);
    const server = await startServer({ EBOV_DATA: relative, INIT_CWD: REPO_ROOT });
    try {
      expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    } finally {
      await stop(server);
    }
  });
});

describe('the built bundle (dist/cli.js, what npm start and the image run)', () => {
  it('keeps the prepared dataset: the second start reads it back and serves the same answers', async () => {
    if (!existsSync(BUNDLED_CLI)) throw new Error(`${BUNDLED_CLI} is missing: run \`npm run build\` first`);
    const cacheDir = mkdtempSync(path.join(tmp, 'bundle-cache-'));
    const env = { EBOV_DATA: SHARED_CSV, EBOV_CACHE_DIR: cacheDir, EBOV_PREPARED_DIR: undefined };
    const answers: { log: string; meta: Record<string, unknown>; series: string }[] = [];
    for (let start = 0; start < 2; start += 1) {
      const server = await startServer(env, { bundled: true });
      try {
        const meta = (await (await fetch(`${server.origin}/api/meta`)).json()) as Record<string, unknown>;
        const series = await (
          await fetch(
            `${server.origin}/api/series?country=Liberia&indicator=cumulative-all-deaths&measure=weekly`,
          )
        ).text();
        answers.push({ log: server.stdout(), meta: { ...meta, loadedAt: '' }, series });
        // The bundle finds the built client beside it (dist/web).
        const page = await fetch(`${server.origin}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        server.child.kill('SIGTERM');
        expect((await server.exited).code).toBe(0);
      } finally {
        await stop(server);
      }
    }
    const [first, second] = answers as [(typeof answers)[0], (typeof answers)[0]];
    expect(first.log).not.toMatch(/using the prepared dataset/);
    expect(second.log).toMatch(/using the prepared dataset of .*ebola_data_db_format\.csv/);
    expect(second.meta).toEqual(first.meta);
    expect(second.series).toBe(first.series);
    expect(readdirSync(path.join(cacheDir, 'prepared')).filter((f) => f.endsWith('.v8'))).toHaveLength(1);
  });
});

describe('ebov-dash --check', () => {
  it('loads the data, prints a summary and exits 0 without serving', async () => {
    const result = await finished(['--check', '--port', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /ebola_data_db_format\.csv: OK: 17585 rows, 36 indicators, 12 countries, 2014-08-29 to 2016-03-23 \(dates read as mdy\)/,
    );
    expect(result.stderr).toBe('');
  });

  it('exits 1 with the bad rows (file:line) of a bad file', async () => {
    const bad = path.join(tmp, 'check-bad.csv');
    writeFileSync(
      bad,
      'Indicator,Country,Date,value\nCumulative number of confirmed Ebola cases,Guinea,2015-13-45,1\n',
    );
    const result = await finished(['--check', '--data', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:2`);
    expect(result.stderr).toMatch(/2015-13-45/);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('with the bundle, keeps the prepared dataset that the next start reads', async () => {
    if (!existsSync(BUNDLED_CLI)) throw new Error(`${BUNDLED_CLI} is missing: run \`npm run build\` first`);
    const prepared = mkdtempSync(path.join(tmp, 'check-prepared-'));
    const env = { EBOV_DATA: SHARED_CSV, EBOV_PREPARED_DIR: prepared };
    const check = runCli(['--check'], env, { bundled: true });
    expect((await check.exited).code).toBe(0);
    expect(check.stdout()).toContain(`prepared dataset kept in ${prepared}`);
    const server = await startServer(env, { bundled: true });
    try {
      expect(server.stdout()).toMatch(/using the prepared dataset of/);
    } finally {
      await stop(server);
    }
  });
});

describe('--check and the stores', () => {
  it('says so when the prepared dataset cannot be kept (a read-only or impossible store), instead of "kept"', async () => {
    const started = performance.now();
    const check = runCli(
      ['--check'],
      {
        EBOV_DATA: undefined,
        EBOV_PREPARED_DIR: '/proc/ebov-dash/prepared',
        EBOV_CACHE_DIR: '/proc/ebov-dash',
      },
      { bundled: true },
    );
    expect((await check.exited).code).toBe(0);
    // /proc: Node's own mkdir -p never returns there; ours fails at once.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(check.stdout()).toMatch(
      /OK: 17585 rows.*could not keep the prepared dataset in \/proc\/ebov-dash\/prepared/,
    );
    expect(check.stdout()).not.toMatch(/prepared dataset kept/);
  });
});

describe('startup failures exit 1 with what happened and what to do', () => {
  it('names a --host that is not an address of this machine', async () => {
    const result = await finished(['--host', '999.1.1.1', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /cannot listen on host "999\.1\.1\.1" \(ENOTFOUND\): use --host 0\.0\.0\.0/,
    );
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('names a file: URL on another host', async () => {
    const result = await finished(['--port', '0', '--data', 'file://remotehost/data.csv']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/file:\/\/remotehost\/data\.csv/);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('names a data file that does not exist', async () => {
    const missing = path.join(tmp, 'nowhere.csv');
    const result = await finished(['--port', '0', '--data', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toMatch(/EBOV_DATA/);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('lists the bad rows of a bad file (file:line), and loads nothing', async () => {
    const bad = path.join(tmp, 'bad.csv');
    writeFileSync(
      bad,
      'Indicator,Country,Date,value\nCumulative number of confirmed Ebola cases,Guinea,2015-02-31,3\n',
    );
    const result = await finished(['--port', '0'], { EBOV_DATA: bad });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:2`);
    expect(result.stderr).toContain('2015-02-31');
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).not.toMatch(/ebov-dash is serving/);
  });

  it('says the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await finished(['--host', '127.0.0.1', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
      expect(result.stderr).not.toMatch(STACK_LINE);
    } finally {
      blocker.close();
    }
  });

  it('with WEB_CONCURRENCY=2, a worker that cannot load stops the whole server (no restart loop)', async () => {
    const bad = path.join(tmp, 'bad-cluster.csv');
    writeFileSync(bad, 'Indicator,Country,Date,value\nx,Guinea,not-a-date,3\n');
    const result = await finished(['--port', '0', '--host', '127.0.0.1'], {
      EBOV_DATA: bad,
      WEB_CONCURRENCY: '2',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:2`);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).not.toMatch(/starting another/);
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
