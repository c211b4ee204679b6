// SIGTERM while a large file is still being parsed ends the process at once: nothing is served
// yet, so there is nothing to drain, and waiting for the parse (tens of seconds for a 30 MB file
// on a loaded machine) would only delay the stop until the orchestrator's SIGKILL.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from './shared-data.js';
import { BUNDLED_CLI, timeTo } from './spawned-server.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'ebov-signal-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function largeFile(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('Indicator,Country,Date,value\n');
  for (let place = 0; place * 600 < rows; place += 1) {
    let lines = '';
    for (let day = 0; day < 600; day += 1) {
      const date = new Date(Date.UTC(2014, 2, 1) + day * 86_400_000).toISOString().slice(0, 10);
      lines += `Cumulative number of confirmed Ebola cases,District ${place},${date},${day + place}\n`;
    }
    if (!out.write(lines)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

describe('SIGTERM during the load', () => {
  it('ends the process at once instead of after the parse', async () => {
    const file = path.join(tmp, 'large.csv');
    await largeFile(file, 450_000); // ~30 MB
    const child = spawn(process.execPath, [BUNDLED_CLI, '--port', '0', '--host', '127.0.0.1'], {
      cwd: PACKAGE_ROOT,
      env: {
        ...process.env,
        EBOV_DATA: file,
        EBOV_CACHE_DIR: tmp,
        EBOV_PREPARED_DIR: path.join(tmp, 'prepared'),
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    // Long enough to be inside the parse (reading 30 MB and starting Node take less).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    const outcome = await timeTo(exited, 2_000);
    if (outcome.value === undefined) child.kill('SIGKILL');
    expect(outcome.value).toEqual({ code: null, signal: 'SIGTERM' });
  }, 60_000);
});
