// Preloaded by bench/help.ts into each `ship … --help` it measures: on exit,
// prints the process's CPU time and peak RSS; help-hooks.mjs prints each
// @aws-sdk module the CLI imports.
import { register } from 'node:module';

register('./help-hooks.mjs', import.meta.url);
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const sample = { cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024 };
  process.stderr.write(`\nPROBE ${JSON.stringify(sample)}\n`);
});
