#!/usr/bin/env node
// Entry point of `ship`: the only place that touches the process — argv, the
// exit code, signals, the real stdout/stderr/stdin. Everything else returns
// or throws (commands/run-ship.ts turns that into an exit code).
import { runShip } from './commands/run-ship.js';

// Ctrl-C / SIGTERM end ship at once, as they would without handlers, unless
// the running command asked to stop cleanly (io.onInterrupt); a second one always ends it.
const stoppers = new Set<() => void>();
let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  const code = signal === 'SIGINT' ? 130 : 143;
  if (interrupted || stoppers.size === 0) process.exit(code);
  interrupted = true;
  for (const stop of stoppers) stop();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await runShip(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  onInterrupt(stop) {
    stoppers.add(stop);
    return () => stoppers.delete(stop);
  },
});
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
