// Bundles the server into dist/cli.js, the package's only server output (tsc only type-checks;
// tests run the sources through tsx). Why: at start Node spends most of its time resolving,
// reading and compiling the ~300 small CommonJS files of fastify, pino and their dependencies;
// one file loads in a fraction of that.
//
// Left outside the bundle: node built-ins, the packages reached through createRequire at run time
// (ajv's runtime helpers in the precompiled validator), and those listed in `external` below. They
// stay production dependencies and are resolved from node_modules beside the package, as before.
//
// The bundle carries its own content hash as the build id (src/build-id.ts): prepared datasets
// are kept per build, so that a stored dataset never outlives the code that built it.
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const outfile = path.join(root, 'dist/cli.js');
const temporary = `${outfile}.tmp-${process.pid}`;
const BUILD_ID_PLACEHOLDER = '@@EBOV_BUILD_ID@@';

await esbuild.build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: temporary,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Reached only on paths this server never takes at start (fastify loads them on demand: ajv and
  // fast-json-stringify for schemas without a precompiled validator, light-my-request for inject()).
  // Left out, they stay plain require()s of production dependencies: half the bundle's size, which
  // Node would otherwise read, decode and pre-parse at every start.
  external: [
    'ajv',
    'ajv-formats',
    '@fastify/ajv-compiler',
    '@fastify/fast-json-stringify-compiler',
    'fast-json-stringify',
    'light-my-request',
  ],
  // CommonJS packages inside an ES module bundle call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __ebovCreateRequire } from 'node:module';\nconst require = __ebovCreateRequire(import.meta.url);",
  },
  // Not minified beyond syntax: a stack trace of a real bug names the function and a line that
  // reads as code (with the source file named above it), so no source map is needed in production.
  // Whitespace minification would save ~30 KB gzipped and no measurable start time.
  minifySyntax: true,
  legalComments: 'eof',
  define: { __EBOV_BUILD_ID__: JSON.stringify(BUILD_ID_PLACEHOLDER) },
  logLevel: 'warning',
});
let code = await readFile(temporary, 'utf8');
if (!code.includes(BUILD_ID_PLACEHOLDER))
  throw new Error('build-server: the bundle lost its build id placeholder');
const buildId = createHash('sha256').update(code).digest('base64url').slice(0, 16);
code = code.replaceAll(BUILD_ID_PLACEHOLDER, buildId);
await writeFile(temporary, code, { mode: 0o755 });
await rename(temporary, outfile);
// tsc's per-file output and the bundle's map, from builds before the bundle was the only output.
for (const stale of ['core', 'load', 'server', 'build-id.js', 'build-id.js.map', 'cli.js.map']) {
  await rm(path.join(root, 'dist', stale), { recursive: true, force: true });
}
