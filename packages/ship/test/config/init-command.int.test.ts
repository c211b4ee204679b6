// `ship init` through the real CLI: detects the app, writes a config that loads, never overwrites by accident.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ShipDir, shipDir, writeFixtureApp } from '../deploy/support/ship-process.js';

describe('ship init', { timeout: 120_000 }, () => {
  let ship: ShipDir;
  beforeAll(async () => {
    // No AWS endpoint is needed: init makes no calls. Point it at a closed port to be sure.
    ship = await shipDir('http://127.0.0.1:9', { AWS_REGION: 'eu-west-1' });
    await writeFixtureApp(ship.dir);
  });
  afterAll(async () => {
    await ship?.remove();
  });

  it('writes ship.config.json from the app, and refuses to overwrite it without --force', async () => {
    const first = await ship.run(['init']);
    expect(first.stderr).not.toContain('✘');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('ship.config.json\n');
    const config = JSON.parse(await readFile(join(ship.dir, 'ship.config.json'), 'utf8'));
    expect(config).toMatchObject({
      app: 'fixture-app',
      region: 'eu-west-1',
      appDir: '.',
      port: 8080,
      healthCheckPath: '/healthz',
    });

    const again = await ship.run(['init']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('✘ ship.config.json already exists');
    expect((await ship.run(['init', '--force'])).code).toBe(0);
  });

  it('--dir X writes the config into X, with no environment (the branch decides) and the /readyz it finds', async () => {
    const app = join(ship.dir, 'services', 'api');
    await mkdir(join(app, 'src'), { recursive: true });
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'api', version: '1.0.0' }));
    await writeFile(
      join(app, 'src', 'server.js'),
      "app.get('/healthz', () => 'ok');\napp.get('/readyz', () => (ready ? 'ok' : fail()));\n",
    );
    const result = await ship.run(['init', '--dir', 'services/api']);
    expect(result.stderr).not.toContain('✘');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${join('services', 'api', 'ship.config.json')}\n`);
    expect(result.stderr).toContain('health check /readyz, found in the source');
    expect(result.stderr).toContain('environment from the branch');
    const config = JSON.parse(await readFile(join(app, 'ship.config.json'), 'utf8'));
    expect(config).toMatchObject({ app: 'api', appDir: '.', healthCheckPath: '/readyz' });
    expect(config).not.toHaveProperty('environment');
    expect(existsSync(join(ship.dir, 'services', 'ship.config.json'))).toBe(false);

    const pinned = await ship.run(['init', '--dir', 'services/api', '--env', 'staging', '--force']);
    expect(pinned.code).toBe(0);
    expect(JSON.parse(await readFile(join(app, 'ship.config.json'), 'utf8'))).toMatchObject({
      environment: 'staging',
    });
  });
});
