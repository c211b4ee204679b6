// Bundles the server into dist/cli.js, replacing tsc's per-file output of the entry point.
// Why: at start Node spends most of its time resolving, reading and compiling the ~300 small
// CommonJS files of fastify, pino and their dependencies; one file loads in a fraction of that.
// tsc still emits dist/** (the package's `main`, types, and tests use it); only the entry changes.
//
// Left outside the bundle: node built-ins, the packages reached through createRequire at run time
// (ajv's runtime helpers in the precompiled validator), and those listed in `external` below. They
// stay production dependencies and are resolved from node_modules beside the package, as before.
//
// The bundle carries its own content hash as the build id (src/build-id.ts): prepared datasets
// are kept per build, so that a stored dataset never outlives the code that built it.
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
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
  // Smaller to parse. Identifiers are not renamed, so stack traces of real bugs stay readable
  // (keepNames would wrap every function in a __name() call, measurable per request).
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: 'linked',
  legalComments: 'eof',
  define: { __EBOV_BUILD_ID__: JSON.stringify(BUILD_ID_PLACEHOLDER) },
  logLevel: 'warning',
});
// esbuild names the map after the temporary file: point the bundle at the final name.
let code = await readFile(temporary, 'utf8');
if (!code.includes(BUILD_ID_PLACEHOLDER))
  throw new Error('build-server: the bundle lost its build id placeholder');
const buildId = createHash('sha256').update(code).digest('base64url').slice(0, 16);
code = code.replaceAll(BUILD_ID_PLACEHOLDER, buildId);
const mapName = path.basename(temporary);
await writeFile(temporary, code.replace(`sourceMappingURL=${mapName}.map`, 'sourceMappingURL=cli.js.map'));
await rename(`${temporary}.map`, `${outfile}.map`);
await rename(temporary, outfile);
