import { describe, expect, it } from 'vitest';
import { chooseStartCommand, type StartInput } from '../../src/app/start-command.js';

const input = (scripts: Record<string, string>, built: string[] = [], extra: Partial<StartInput> = {}) => ({
  scripts,
  exists: (path: string) => built.includes(path),
  packageFile: '/src/app/package.json',
  ...extra,
});

describe('chooseStartCommand: what runs, and why', () => {
  it.each([
    // [scripts.start (or other scripts), built outputs, expected plan (partial)]
    [
      'node dist/cli.js',
      [],
      { nodeOptions: [], entry: { kind: 'app', file: 'dist/cli.js' }, args: [], shape: 'node' },
    ],
    [
      'node --enable-source-maps ./server.js --port 1',
      [],
      {
        nodeOptions: ['--enable-source-maps'],
        entry: { kind: 'app', file: 'server.js' },
        args: ['--port', '1'],
      },
    ],
    [
      'node -r dotenv/config dist/main',
      [],
      { nodeOptions: ['-r', 'dotenv/config'], entry: { kind: 'app', file: 'dist/main' } },
    ],
    [
      'NODE_ENV=production TZ=UTC node ./bin/www',
      [],
      { env: { NODE_ENV: 'production', TZ: 'UTC' }, entry: { kind: 'app', file: 'bin/www' } },
    ],
    ['cross-env NODE_ENV=production node app.js', [], { env: { NODE_ENV: 'production' } }],
    [
      'exec node --v8-pool-size=1 bin/app.js',
      [],
      { nodeOptions: ['--v8-pool-size=1'], entry: { kind: 'app', file: 'bin/app.js' } },
    ],
    [
      'node node_modules/fastify-cli/cli.js start -l info app.js',
      [],
      {
        entry: { kind: 'package', name: 'fastify-cli', subpath: 'cli.js' },
        args: ['start', '-l', 'info', 'app.js'],
      },
    ],
    [
      'node node_modules/@scope/pkg/bin/serve.js',
      [],
      { entry: { kind: 'package', name: '@scope/pkg', subpath: 'bin/serve.js' } },
    ],
    [
      'fastify start -l info app.js',
      [],
      {
        entry: { kind: 'package', name: 'fastify-cli', bin: 'fastify' },
        args: ['start', '-l', 'info', 'app.js'],
        env: { FASTIFY_ADDRESS: '0.0.0.0' },
        needs: ['app.js'],
      },
    ],
    [
      'next start',
      ['.next/standalone/server.js'],
      {
        entry: { kind: 'app', file: '.next/standalone/server.js' },
        shape: 'next-standalone',
        env: { HOSTNAME: '0.0.0.0' },
      },
    ],
    [
      'next start -p 3000',
      ['.next/BUILD_ID'],
      {
        entry: { kind: 'package', name: 'next', bin: 'next' },
        args: ['start'],
        env: { HOSTNAME: '0.0.0.0', PORT: '3000' },
        shape: 'node',
      },
    ],
    ['node .next/standalone/server.js', [], { shape: 'next-standalone', env: { HOSTNAME: '0.0.0.0' } }],
    [
      'nuxt start',
      ['.output/server/index.mjs'],
      { shape: 'nitro', entry: { kind: 'app', file: '.output/server/index.mjs' }, env: { HOST: '0.0.0.0' } },
    ],
    ['node .output/server/index.mjs', [], { shape: 'nitro' }],
    [
      'astro preview',
      ['dist/server/entry.mjs'],
      { entry: { kind: 'app', file: 'dist/server/entry.mjs' }, env: { HOST: '0.0.0.0' } },
    ],
    [
      'react-router-serve ./build/server/index.js',
      [],
      {
        entry: { kind: 'package', name: '@react-router/serve', bin: 'react-router-serve' },
        needs: ['build', 'public'],
      },
    ],
    [
      'remix-serve ./build/index.js',
      [],
      { entry: { kind: 'package', name: '@remix-run/serve', bin: 'remix-serve' } },
    ],
    [
      'pm2-runtime start ecosystem.config.js',
      [],
      {
        entry: { kind: 'package', name: 'pm2', bin: 'pm2-runtime' },
        args: ['start', 'ecosystem.config.js'],
        needs: ['ecosystem.config.js'],
        // pm2's state dir on the writable /tmp: the root is read-only.
        env: { PM2_HOME: '/tmp/.pm2' },
      },
    ],
    [
      'pm2 start app.js',
      [],
      {
        entry: { kind: 'package', name: 'pm2', bin: 'pm2-runtime' },
        args: ['start', 'app.js'],
        env: { PM2_HOME: '/tmp/.pm2' },
      },
    ],
  ] as const)('%s', (script, built, expected) => {
    const plan = chooseStartCommand(input({ start: script }, [...built]));
    expect(plan).toMatchObject(expected);
    expect(plan.reason).toMatch(/^scripts\.start/);
  });

  it('nest start runs scripts.start:prod when it is a node command, and says so', () => {
    const plan = chooseStartCommand(input({ start: 'nest start', 'start:prod': 'node dist/main' }));
    expect(plan).toMatchObject({ entry: { kind: 'app', file: 'dist/main' } });
    expect(plan.reason).toBe(
      'scripts.start: `nest start` compiles first; ran scripts.start:prod (node dist/main) instead',
    );
  });

  it("nest start without start:prod runs nest's build output, with nest-cli.json's entryFile", () => {
    expect(chooseStartCommand(input({ start: 'nest start' })).entry).toEqual({
      kind: 'app',
      file: 'dist/main',
    });
    expect(chooseStartCommand(input({ start: 'nest start' }, [], { nestEntryFile: 'server' })).entry).toEqual(
      {
        kind: 'app',
        file: 'dist/server',
      },
    );
  });

  it('fastify start with a loopback --address warns that health checks will fail', () => {
    const plan = chooseStartCommand(input({ start: 'fastify start -a 127.0.0.1 app.js' }));
    expect(plan.env.FASTIFY_ADDRESS).toBeUndefined();
    expect(plan.warnings.join()).toContain('listens on loopback only');
  });

  it('ship.config.json start wins over package.json, and the reason says so', () => {
    const plan = chooseStartCommand(
      input({ start: 'nodemon app.js' }, [], { configured: ['node', 'dist/app.js'] }),
    );
    expect(plan.entry).toEqual({ kind: 'app', file: 'dist/app.js' });
    expect(plan.reason).toBe('ship.config.json start');
  });

  it.each([
    [{ start: 'npm run serve' }, 'is not a command ship can run directly', 'npm would swallow SIGTERM'],
    [{ start: 'ts-node src/main.ts' }, 'is not a command ship can run directly', 'compile with tsc'],
    [{ start: 'node a.js && node b.js' }, 'needs a shell', 'set "start" in ship.config.json'],
    [{ start: 'node --inspect' }, 'names no script file', 'set "start" in ship.config.json'],
    [{ start: 'node -e "x"' }, 'needs a shell', 'set "start"'],
    [{ start: 'next dev' }, 'is not a production server command', 'set "start"'],
    [{ start: 'nest start --watch' }, 'is not a production server command', 'set "start"'],
    [
      { start: 'next start' },
      '.next/BUILD_ID does not exist: the app is not built',
      'run `next build` first',
    ],
    [{ start: 'astro preview' }, 'dist/server/entry.mjs', '@astrojs/node'],
    [{ start: 'nuxt start' }, 'the Nitro server is not built', 'nuxt build'],
    [
      { start: 'my-server --port 1' },
      'is not a command ship can run directly',
      'set "start" in ship.config.json',
    ],
    [{}, 'no scripts.start', 'add "start": "node <file>" to scripts, or set "start" in ship.config.json'],
  ])('refuses %j: one clear message naming start in ship.config.json', (scripts, message, hint) => {
    let error: unknown;
    try {
      chooseStartCommand(input(scripts));
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      message: expect.stringContaining(message),
      hint: expect.stringContaining(hint),
    });
  });

  it('no start script is not silently "main": the message names main and the fix', () => {
    expect(() => chooseStartCommand(input({}, [], { main: './index.js' }))).toThrow(
      'no scripts.start (ship does not guess that "main": "./index.js" is the server)',
    );
  });
});
