// `npm run bench`: runs every bench/*.bench.ts, one after the other, each in its
// own process (each prints its own table). Benchmarks are not tests: they
// measure, compare with the targets, and fail only when they cannot run.
// To add one, drop a `<name>.bench.ts` here; `npm run bench -- api` runs the
// files whose name contains "api".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n== bench/${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], {
    cwd: path.dirname(here),
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`bench/${file} did not finish (exit ${result.status ?? result.signal})`);
  }
}
if (files.length === 0) console.error(`no bench/*.bench.ts matches ${only.join(' ')}`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
