// `npm run bench -w @ebov-dash/ship` (part): what `ship --help` and
// `ship deploy --help` cost a person at the prompt: CPU time (user + system)
// and peak RSS of the built CLI, median of 15 runs, and whether it loaded any
// AWS SDK module (it should not). SHIP_BENCH_CLI=<path to dist/cli.js> measures
// another build (e.g. a checkout from before the change) for comparison.
// Prints a table; not a test. Noisy on a shared machine: the load average is printed.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = process.env.SHIP_BENCH_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const runs = 15;

const probe = new URL('./help-probe.mjs', import.meta.url).href;

interface Sample {
  cpuMs: number;
  rssMb: number;
  sdk: number;
}

async function measure(args: string[]): Promise<Sample> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const { stderr } = await run(process.execPath, ['--import', probe, cli, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    const line = stderr.split('\n').find((l) => l.startsWith('PROBE '));
    if (!line) throw new Error(`no probe output from ${cli} ${args.join(' ')}:\n${stderr}`);
    const sdk = new Set(stderr.split('\n').filter((l) => l.startsWith('AWS-SDK ')));
    samples.push({ ...(JSON.parse(line.slice(6)) as Omit<Sample, 'sdk'>), sdk: sdk.size });
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssMb: median(samples.map((s) => s.rssMb)),
    sdk: Math.max(...samples.map((s) => s.sdk)),
  };
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
process.stdout.write(`ship --help cost (${cli}), median of ${runs}; load average ${load()}\n`);
process.stdout.write('command                  CPU ms   RSS MB   AWS SDK modules loaded\n');
for (const args of [['--help'], ['deploy', '--help'], ['build', '--help']]) {
  const s = await measure(args);
  process.stdout.write(
    `ship ${args.join(' ').padEnd(19)} ${s.cpuMs.toFixed(0).padStart(6)}   ${s.rssMb.toFixed(1).padStart(6)}   ${s.sdk}\n`,
  );
}
process.stdout.write(`load average after: ${load()}\n`);
