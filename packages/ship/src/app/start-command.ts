// Which command starts the app in the container, and why. A pure decision over the start script
// (or ship.config.json's `start`), the other scripts and which build outputs exist. ship runs the
// result without a shell or npm, so SIGTERM reaches node:
//
//   node [options] FILE [args]           as written; FILE resolved the way node resolves it
//   node node_modules/PKG/…              a dependency's file, from the node_modules layer
//   KEY=value … / cross-env KEY=value …  the assignments become the image's environment
//   exec node …                          node (the shell's exec is what ship does anyway)
//   next start                           .next/standalone/server.js if built, else next's own bin
//   nest start                           scripts.start:prod when it is a node command, else dist/main
//   fastify start … app.js               fastify-cli's bin, listening on 0.0.0.0:$PORT
//   react-router-serve / remix-serve     the serve package's bin with the server build
//   astro preview                        dist/server/entry.mjs of the @astrojs/node standalone adapter
//   nuxt start / nuxi preview            Nitro's .output/server/index.mjs
//   pm2-runtime …; pm2 start …           pm2's container runtime (pm2 start daemonises and would exit)
//
// Anything else is refused with one message naming `start` in ship.config.json.
import { UserError } from '../errors.js';

/** What the container runs as `node <entry>`: a file of the app, or a file of a dependency. */
export type StartEntry =
  | { kind: 'app'; file: string }
  | { kind: 'package'; name: string; bin?: string; subpath?: string };

/** How the app's files and dependencies are laid out in the image. */
export type AppShape =
  | 'node'
  /** `.next/standalone` (server.js + traced node_modules) at the app root, no lockfile install. */
  | 'next-standalone'
  /** Nitro's self-contained `.output/` (Nuxt, and others), no lockfile install. */
  | 'nitro';

export interface StartPlan {
  nodeOptions: string[];
  entry: StartEntry;
  args: string[];
  env: Record<string, string>;
  shape: AppShape;
  /** App paths (files or directories) the command needs besides the entry, e.g. `.next`, `build`. */
  needs: string[];
  /** Where the command came from and what ship made of it, for the build log. */
  reason: string;
  warnings: string[];
}

export interface StartInput {
  scripts: Readonly<Record<string, string>>;
  main?: string;
  /** ship.config.json `start`, when set: it wins over package.json. */
  configured?: string | readonly string[];
  /** Whether an app path exists (build outputs decide some commands). */
  exists: (path: string) => boolean;
  /** nest-cli.json's entryFile, if the app has one. */
  nestEntryFile?: string;
  /** Shown in messages, e.g. `/src/app/package.json`. */
  packageFile: string;
}

export const CONFIG_HINT =
  'set "start" in ship.config.json to a `node <file>` command, e.g. "start": "node dist/server.js"';

const SHELL_SYNTAX = /[;&|<>`$(){}*?'"\\]/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Node options whose value is the next word (`node -r dotenv/config dist/main.js`). */
const NODE_OPTIONS_WITH_VALUE = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
  '--env-file',
  '--env-file-if-exists',
  '--title',
  '--inspect-port',
  '--input-type',
  '--stack-trace-limit',
]);
const NODE_EVAL = new Set(['-e', '--eval', '-p', '--print', '-i', '--interactive', '--test', '--watch']);

interface Words {
  env: Record<string, string>;
  words: string[];
}

function splitWords(script: string, where: string): Words {
  if (SHELL_SYNTAX.test(script)) {
    throw new UserError(
      `${where}: "${script}" needs a shell (quotes, $, &&, | or redirects); ship runs the command without one so that SIGTERM reaches node`,
      CONFIG_HINT,
    );
  }
  let words = script.trim().split(/\s+/).filter(Boolean);
  // `exec node …` (the shell replaced by node) and `cross-env K=v node …` run node all the same.
  if (words[0] === 'exec' || words[0] === 'cross-env') words = words.slice(1);
  const env: Record<string, string> = {};
  while (words[0] && ASSIGNMENT.test(words[0])) {
    const word = words.shift()!;
    env[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
  }
  return { env, words };
}

const clean = (file: string) => file.replace(/^\.\//, '');

/** `node [options] file [args]` → its parts; refuses eval, watch and a missing file. */
export function parseNodeCommand(
  words: readonly string[],
  where: string,
): { nodeOptions: string[]; file: string; args: string[] } {
  const nodeOptions: string[] = [];
  let i = 1;
  for (; i < words.length && words[i]!.startsWith('-'); i++) {
    const option = words[i]!;
    if (NODE_EVAL.has(option.split('=')[0]!))
      throw new UserError(`${where}: \`node ${option}\` does not start a server file`, CONFIG_HINT);
    nodeOptions.push(option);
    if (NODE_OPTIONS_WITH_VALUE.has(option) && words[i + 1]) nodeOptions.push(words[++i]!);
  }
  const file = words[i];
  if (!file) throw new UserError(`${where}: "${words.join(' ')}" names no script file for node`, CONFIG_HINT);
  return { nodeOptions, file: clean(file), args: words.slice(i + 1) };
}

function nodeEntry(file: string): StartEntry {
  const parts = file.split('/');
  if (parts[0] !== 'node_modules') return { kind: 'app', file };
  const scoped = parts[1]?.startsWith('@');
  const name = parts.slice(1, scoped ? 3 : 2).join('/');
  const subpath = parts.slice(scoped ? 3 : 2).join('/');
  return { kind: 'package', name, ...(subpath ? { subpath } : {}) };
}

function plan(partial: Partial<StartPlan> & Pick<StartPlan, 'entry' | 'reason'>): StartPlan {
  return { nodeOptions: [], args: [], env: {}, shape: 'node', needs: [], warnings: [], ...partial };
}

function fromNode(words: Words, where: string, source: string): StartPlan {
  const { nodeOptions, file, args } = parseNodeCommand(words.words, where);
  const shape: AppShape = /^\.next\/standalone\/(.+\/)?server\.js$/.test(file)
    ? 'next-standalone'
    : file === '.output/server/index.mjs'
      ? 'nitro'
      : 'node';
  const env = { ...words.env };
  if (shape === 'next-standalone') env.HOSTNAME ??= '0.0.0.0';
  if (shape === 'nitro') env.HOST ??= '0.0.0.0';
  return plan({ nodeOptions, entry: nodeEntry(file), args, env, shape, reason: source });
}

type Recogniser = (words: Words, input: StartInput, where: string, source: string) => StartPlan;

const recognisers: Record<string, Recogniser> = {
  next(words, input, where, source) {
    const [, sub, ...rest] = words.words;
    if (sub !== 'start') return refuseDev(words, where, 'next start');
    const { port, host, others } = takePortAndHost(rest, ['-p', '--port'], ['-H', '--hostname']);
    const env: Record<string, string> = {
      ...words.env,
      HOSTNAME: host ?? '0.0.0.0',
      ...(port ? { PORT: port } : {}),
    };
    if (input.exists('.next/standalone/server.js'))
      return plan({
        entry: { kind: 'app', file: '.next/standalone/server.js' },
        env,
        shape: 'next-standalone',
        reason: `${source}: \`next start\` → node .next/standalone/server.js (output: 'standalone' is built)`,
      });
    if (!input.exists('.next/BUILD_ID'))
      throw new UserError(
        `${where}: \`next start\` serves the build in .next/, and .next/BUILD_ID does not exist: the app is not built`,
        "run `next build` first (with output: 'standalone' in next.config for an image about half the size)",
      );
    return plan({
      entry: { kind: 'package', name: 'next', bin: 'next' },
      args: ['start', ...others],
      env,
      needs: ['.next', 'public', 'next.config.js', 'next.config.mjs', 'next.config.ts'],
      reason: `${source}: \`next start\` → next's own bin with the full next install`,
      warnings: [
        "next.config: output: 'standalone' makes the image about half the size (traced node_modules only); ship uses it when .next/standalone is built",
      ],
    });
  },
  nest(words, input, where, source) {
    const [, sub, ...rest] = words.words;
    if (sub !== 'start' || rest.some((a) => a === '--watch' || a === '-w' || a === '--debug' || a === '-d'))
      return refuseDev(words, where, 'nest start');
    const prod = input.scripts['start:prod'];
    if (prod) {
      const prodWords = splitWords(prod, `${input.packageFile}: scripts.start:prod`);
      if (prodWords.words[0] === 'node') {
        const chosen = fromNode(prodWords, `${input.packageFile}: scripts.start:prod`, '');
        return {
          ...chosen,
          reason: `${source}: \`nest start\` compiles first; ran scripts.start:prod (${prod}) instead`,
        };
      }
    }
    const file = `dist/${input.nestEntryFile ?? 'main'}`;
    return plan({
      entry: { kind: 'app', file },
      env: words.env,
      reason: `${source}: \`nest start\` → node ${file} (nest's build output; no scripts.start:prod)`,
    });
  },
  fastify(words, _input, where, source) {
    const [, sub, ...rest] = words.words;
    if (sub !== 'start') return refuseDev(words, where, 'fastify start');
    const given = (names: string[]) => rest.some((a) => names.includes(a.split('=')[0]!));
    const env: Record<string, string> = { ...words.env };
    const warnings: string[] = [];
    const address = flagValue(rest, ['-a', '--address']);
    if (!address) env.FASTIFY_ADDRESS = '0.0.0.0';
    else if (isLoopback(address))
      warnings.push(
        `${where}: fastify start --address ${address} listens on loopback only; the load balancer's health checks will fail (drop --address, ship sets FASTIFY_ADDRESS=0.0.0.0)`,
      );
    return plan({
      entry: { kind: 'package', name: 'fastify-cli', bin: 'fastify' },
      args: ['start', ...rest],
      env,
      needs: appFilesOf(rest),
      reason: `${source}: \`fastify start\` → fastify-cli's bin${given(['-p', '--port']) ? '' : ' on $PORT'}${address ? '' : ', address 0.0.0.0'}`,
      warnings,
    });
  },
  'react-router-serve': serveBuild('@react-router/serve', 'react-router-serve', 'build/server/index.js'),
  'remix-serve': serveBuild('@remix-run/serve', 'remix-serve', 'build/index.js'),
  astro(words, input, where, source) {
    if (words.words[1] !== 'preview') return refuseDev(words, where, 'astro preview');
    if (!input.exists('dist/server/entry.mjs'))
      throw new UserError(
        `${where}: \`astro preview\` is not a production server, and dist/server/entry.mjs (the @astrojs/node adapter's standalone server) is not built`,
        "add @astrojs/node with mode: 'standalone', run the build, or " + CONFIG_HINT,
      );
    return plan({
      entry: { kind: 'app', file: 'dist/server/entry.mjs' },
      env: { ...words.env, HOST: '0.0.0.0' },
      needs: ['dist'],
      reason: `${source}: \`astro preview\` → node dist/server/entry.mjs (@astrojs/node standalone)`,
    });
  },
  nuxt: nitro,
  nuxi: nitro,
  'pm2-runtime'(words, _input, _where, source) {
    return plan({
      entry: { kind: 'package', name: 'pm2', bin: 'pm2-runtime' },
      args: words.words.slice(1),
      env: { ...PM2_ENV, ...words.env },
      needs: appFilesOf(words.words.slice(1)),
      reason: `${source}: pm2-runtime's bin`,
    });
  },
  pm2(words, _input, where, source) {
    if (words.words[1] !== 'start') return refuseDev(words, where, 'pm2 start');
    return plan({
      entry: { kind: 'package', name: 'pm2', bin: 'pm2-runtime' },
      args: words.words.slice(1),
      env: { ...PM2_ENV, ...words.env },
      needs: appFilesOf(words.words.slice(2)),
      reason: `${source}: \`pm2 start\` daemonises and the container would exit at once; ran pm2-runtime with the same arguments`,
    });
  },
};

/**
 * pm2 writes its state (pids, logs, module config) under PM2_HOME, default ~/.pm2: on the image's
 * read-only root that is EROFS at start. /tmp is writable in the container (the ECS task mounts a
 * volume there).
 */
const PM2_ENV = { PM2_HOME: '/tmp/.pm2' };

/** `<bin> ./build/…`: a serve package's bin with the server build and public/. */
function serveBuild(name: string, bin: string, defaultBuild: string): Recogniser {
  return (words, _input, _where, source) => {
    const build = clean(words.words[1] ?? defaultBuild);
    return plan({
      entry: { kind: 'package', name, bin },
      args: words.words.slice(1),
      env: words.env,
      needs: [build.split('/')[0]!, 'public'],
      reason: `${source}: ${bin}'s bin with ${build}`,
    });
  };
}

function nitro(words: Words, input: StartInput, where: string, source: string): StartPlan {
  if (!['start', 'preview'].includes(words.words[1] ?? ''))
    return refuseDev(words, where, `${words.words[0]} preview`);
  if (!input.exists('.output/server/index.mjs'))
    throw new UserError(
      `${where}: .output/server/index.mjs does not exist: the Nitro server is not built`,
      'run the build (nuxt build), then ship build again',
    );
  return plan({
    entry: { kind: 'app', file: '.output/server/index.mjs' },
    env: { ...words.env, HOST: '0.0.0.0' },
    shape: 'nitro',
    reason: `${source}: \`${words.words.slice(0, 2).join(' ')}\` → node .output/server/index.mjs (Nitro's self-contained output)`,
  });
}

const NOT_FOR_PRODUCTION: Record<string, string> = {
  'ts-node': 'compile with tsc and start the output with node (e.g. "start": "node dist/main.js")',
  tsx: 'compile with tsc or esbuild and start the output with node',
  nodemon: 'nodemon restarts on file changes; start the server with node',
  npm: 'ship runs node itself (npm would swallow SIGTERM); name the node command',
  yarn: 'ship runs node itself (yarn would swallow SIGTERM); name the node command',
  pnpm: 'ship runs node itself (pnpm would swallow SIGTERM); name the node command',
};

function refuseDev(words: Words, where: string, expected: string): never {
  throw new UserError(
    `${where}: "${words.words.join(' ')}" is not a production server command (ship recognises \`${expected}\`)`,
    CONFIG_HINT,
  );
}

function flagValue(args: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2);
    if (names.includes(flag!)) return inline ?? args[i + 1];
  }
  return undefined;
}

function takePortAndHost(args: readonly string[], portNames: string[], hostNames: string[]) {
  const others: string[] = [];
  let port: string | undefined;
  let host: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2);
    if (portNames.includes(flag!)) port = inline ?? args[++i];
    else if (hostNames.includes(flag!)) host = inline ?? args[++i];
    else others.push(args[i]!);
  }
  return { port, host, others };
}

/** Words that look like app files (`app.js`, `ecosystem.config.js`), for pm2's arguments. */
function appFilesOf(args: readonly string[]): string[] {
  return args.filter((a) => !a.startsWith('-') && /\.(c|m)?js(on)?$/.test(a)).map(clean);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The start command ship runs, from ship.config.json `start` or package.json scripts. */
export function chooseStartCommand(input: StartInput): StartPlan {
  if (input.configured !== undefined) {
    const text = typeof input.configured === 'string' ? input.configured : input.configured.join(' ');
    return recognise(text, input, 'ship.config.json: start', 'ship.config.json start');
  }
  const script = input.scripts.start;
  if (script) return recognise(script, input, `${input.packageFile}: scripts.start`, 'scripts.start');
  throw new UserError(
    `${input.packageFile}: no scripts.start${input.main ? ` (ship does not guess that "main": "${input.main}" is the server)` : ''}`,
    `add "start": "node ${input.main ? clean(input.main) : '<file>'}" to scripts, or ${CONFIG_HINT}`,
  );
}

function recognise(text: string, input: StartInput, where: string, source: string): StartPlan {
  const words = splitWords(text, where);
  const command = words.words[0];
  if (!command) throw new UserError(`${where}: empty command`, CONFIG_HINT);
  if (command === 'node') return fromNode(words, where, source);
  const known = recognisers[command];
  if (known) return known(words, input, where, source);
  const hint = NOT_FOR_PRODUCTION[command];
  throw new UserError(
    `${where}: "${text.trim()}" is not a command ship can run directly (it runs \`node <file>\` or a recognised framework command)`,
    hint ? `${hint}; or ${CONFIG_HINT}` : CONFIG_HINT,
  );
}
