// `ship init` through the real CLI: detects the app, writes a config that loads, never overwrites by accident.
import { readFile } from 'node:fs/promises';
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
});
