import { describe, expect, it } from 'vitest';
import { appNameFrom, healthCheckPathFrom, initialConfig } from '../../src/config/initial-config.js';
import { parseConfig } from '../../src/config/parse-config.js';

describe('appNameFrom', () => {
  it.each([
    ['ebov-dash', 'x', 'ebov-dash'],
    ['@ebov-dash/ship', 'x', 'ship'],
    ['My_App', 'x', 'my-app'],
    [undefined, 'Fixture App', 'fixture-app'],
    ['1', '2', 'app'],
    ['a-really-long-package-name-for-an-app', 'x', 'a-really-long-package-na'],
  ])('(%s, folder %s) → %s', (pkg, folder, name) => {
    expect(appNameFrom(pkg, folder)).toBe(name);
  });
});

describe('initialConfig', () => {
  it('writes defaults that load back unchanged', () => {
    const config = initialConfig({
      packageName: 'ebov-dash',
      folderName: 'dashboard',
      appDir: 'packages/dashboard',
      region: 'eu-west-1',
    });
    const parsed = parseConfig(JSON.stringify(config), {
      file: 'ship.config.json',
      defaultRegion: 'us-east-1',
    }).config;
    expect(parsed).toMatchObject({
      app: 'ebov-dash',
      region: 'eu-west-1',
      appDir: 'packages/dashboard',
      port: 8080,
      healthCheckPath: '/healthz',
      cpu: 256,
      memory: 512,
      target: 'express',
    });
    expect(config).not.toHaveProperty('loadBalancer');
    expect(config).not.toHaveProperty('ingressCidrs');
  });
});

describe('initialConfig: environment and health path', () => {
  const input = { packageName: 'web', folderName: 'web', appDir: '.', region: 'eu-west-1' };

  it('leaves the environment out unless asked, so the branch decides it (main → production, feature/x → feature-x)', () => {
    expect(initialConfig(input)).not.toHaveProperty('environment');
    expect(initialConfig({ ...input, environment: 'staging' })).toMatchObject({ environment: 'staging' });
  });

  it('writes the detected health path', () => {
    expect(initialConfig({ ...input, healthCheckPath: '/readyz' })).toMatchObject({
      healthCheckPath: '/readyz',
    });
  });
});

describe('healthCheckPathFrom', () => {
  it.each([
    [["app.get('/healthz', alive);", "app.get('/readyz', ready);"], '/readyz'],
    [['router.get("/healthz", ok)'], '/healthz'],
    [['if (req.url === `/ready`) ok()'], '/ready'],
    [['// see /readyz in the docs', "app.get('/healthz')"], '/healthz'],
    [["app.get('/readyz/deep')"], undefined],
    [[], undefined],
  ])('%j → %s', (sources, path) => expect(healthCheckPathFrom(sources)).toBe(path));
});
