#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=10 --v8-pool-size=1
// The `ebov-dash` command. A committed file, so that `npm ci` can link it before the `prepare`
// script has built dist/ (npm links bins first: a bin that points into dist/ gets no link on a
// fresh clone). It only loads the built server, or says how to build it.
import { existsSync } from 'node:fs';

const server = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(server)) {
  process.stderr.write(
    'ebov-dash: the server is not built yet (packages/dashboard/dist/cli.js is missing).\n' +
      'Run `npm run build` at the repository root, then try again.\n',
  );
  process.exit(1);
}
await import(server.href);
