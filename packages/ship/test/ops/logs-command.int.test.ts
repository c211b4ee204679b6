// `ship logs` through the real CLI against the fake AWS endpoint.
import { CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../src/deploy/naming.js';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { seedClients, seedDeployedService, writeLogLines } from './support/seed-with-sdk.js';
import { type ShipWorkspace, shipWorkspace } from './support/ship-cli.js';

const target = { app: 'web', env: 'production' };
const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'a'.repeat(64)}`;

describe('ship logs', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let clients: ReturnType<typeof seedClients>;
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, { app: 'web' });
    clients = seedClients(fake);
    await seedDeployedService(fake, clients, target, image);
    await writeLogLines(clients, target, 'production/web/0123456789abcdef0123456789abcdef', [
      'GET /api/series 200 12ms',
      'ERROR upstream timed out',
    ]);
  });
  afterAll(async () => {
    await ws?.remove();
    await fake?.close();
  });

  it('--since prints the lines with the task prefix, oldest first; --filter narrows them', async () => {
    const all = await ws.run(['logs', '--env', 'production', '--since', '10m']);
    expect(all.stderr).not.toContain('✘');
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines.at(-2)).toMatch(
      /^web\/01234567 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ GET \/api\/series 200 12ms$/,
    );
    expect(lines.at(-1)).toMatch(/^web\/01234567 \S+ ERROR upstream timed out$/);
    // The fake's task wrote its start-up lines into its own stream too.
    expect(lines.length).toBeGreaterThan(2);

    const filtered = await ws.run(['logs', '--env', 'production', '--since', '1h', '--filter', 'ERROR']);
    expect(filtered.stdout.trim().split('\n')).toEqual([expect.stringMatching(/ERROR upstream timed out$/)]);

    const future = await ws.run(['logs', '--env', 'production', '--since', '2999-01-01']);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('✘ --since "2999-01-01": that time is in the future');
  });

  it('--limit N prints the newest N lines when the window spans several FilterLogEvents pages (1 MB each)', async () => {
    const { logGroup } = resourceNames(target, 'us-east-1');
    const stream = 'production/web/bulk0000000000000000000000000000';
    await clients.logs.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: stream }));
    const now = Date.now();
    const padding = 'x'.repeat(1000);
    // 2,400 lines of ~1 kB over the last 40 minutes (older than the first 5-minute span too), oldest first.
    for (let batch = 0; batch < 8; batch++) {
      const logEvents = Array.from({ length: 300 }, (_, i) => {
        const n = batch * 300 + i;
        return { timestamp: now - 40 * 60_000 + n * 1000, message: `bulk line ${n} ${padding}` };
      });
      await clients.logs.send(
        new PutLogEventsCommand({ logGroupName: logGroup, logStreamName: stream, logEvents }),
      );
    }
    const before = fake.calls().filter((c) => c.action === 'FilterLogEvents').length;
    const newest = await ws.run([
      'logs',
      '--env',
      'production',
      '--since',
      '1h',
      '--filter',
      'bulk',
      '--limit',
      '3',
    ]);
    expect(newest.code).toBe(0);
    expect(
      newest.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' ').slice(2, 5).join(' ')),
    ).toEqual(['bulk line 2397', 'bulk line 2398', 'bulk line 2399']);
    expect(newest.stderr).toContain(
      '(showing the newest 3 lines; narrow --since or --filter, or raise --limit)',
    );
    // The newest span held enough: no reason to page through the whole hour.
    const pages = fake.calls().filter((c) => c.action === 'FilterLogEvents').length - before;
    expect(pages).toBeLessThan(3);

    const many = await ws.run([
      'logs',
      '--env',
      'production',
      '--since',
      '1h',
      '--filter',
      'bulk',
      '--limit',
      '2000',
    ]);
    const lines = many.stdout.trim().split('\n');
    expect(lines).toHaveLength(2000);
    expect(lines[0]).toContain('bulk line 400 ');
    expect(lines.at(-1)).toContain('bulk line 2399 ');
  });

  it('--follow prints new lines once each as they arrive, until killed', async () => {
    const follow = ws.start([
      'logs',
      '--env',
      'production',
      '--since',
      '10m',
      '--follow',
      '--interval',
      '0.2',
    ]);
    try {
      await follow.waitFor(/ERROR upstream timed out\n/);
      await writeLogLines(clients, target, 'production/web/fedcba9876543210', ['first new line']);
      await follow.waitFor(/first new line\n/);
      await writeLogLines(clients, target, 'production/web/0123456789abcdef0123456789abcdef', [
        'second new line',
      ]);
      await follow.waitFor(/second new line\n/);
      // Several more polls over the same window must not print anything twice.
      const polls = () => fake.calls().filter((c) => c.action === 'FilterLogEvents').length;
      const seen = polls();
      while (polls() < seen + 3) await new Promise((r) => setTimeout(r, 50));
    } finally {
      follow.child.kill('SIGINT');
    }
    expect(await follow.exited).toBe(0);
    const out = follow.stdout();
    expect(out).toMatch(/^web\/fedcba98 \S+ first new line$/m);
    expect(out).toMatch(/^web\/01234567 \S+ second new line$/m);
    for (const line of ['ERROR upstream timed out', 'first new line', 'second new line']) {
      expect(out.split(line).length - 1).toBe(1);
    }
  });

  it('says when the environment has no logs', async () => {
    const { code, stderr } = await ws.run(['logs', '--env', 'beta']);
    expect(code).toBe(1);
    expect(stderr).toContain('✘ no logs for web · beta: log group /ship/web/beta does not exist');
    expect(stderr).toContain('→ deploy it first with `ship deploy --env beta`');
  });
});
