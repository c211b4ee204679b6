#!/usr/bin/env node
// The `ship` command. A committed file, so that `npm ci` can link it before the `prepare` script
// has built dist/ (npm links bins first: a bin that points into dist/ gets no link on a fresh
// clone, and `npx ship` would then offer an unrelated registry package). It only loads the built
// CLI, or says how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'ship: the CLI is not built yet (packages/ship/dist/cli.js is missing).\n' +
      'Run `npm run build` at the repository root, then try again.\n',
  );
  process.exit(1);
}
await import(cli.href);
