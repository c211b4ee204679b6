// Tests leave nothing behind. Every vitest run gets a temporary folder of its own as TMPDIR (the
// worker processes inherit it, and `os.tmpdir()`, `mkdtemp`, podman and Chromium all honour it);
// at the end, anything still in it is a test that did not clean up: the run fails and names it.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Caches that tools keep in TMPDIR across calls, not things a test made: tsx's compile cache
 * (`tsx-<uid>`) and buildah's (`buildah-cache`, from `podman build`). They go with the folder.
 */
const TOOL_CACHES = new Set([`tsx-${process.getuid?.() ?? 0}`, 'buildah-cache']);

export default function setup(): (() => void) | undefined {
  // Vitest calls a root global setup once per project: the first call owns the folder.
  if (process.env['EBOV_TEST_RUN_TMP'] !== undefined) return undefined;
  const runTmp = mkdtempSync(path.join(tmpdir(), 'ebov-test-run-'));
  process.env['TMPDIR'] = runTmp;
  process.env['EBOV_TEST_RUN_TMP'] = runTmp;
  return () => {
    const left = readdirSync(runTmp).filter((name) => !TOOL_CACHES.has(name));
    rmSync(runTmp, { recursive: true, force: true });
    if (left.length > 0) {
      // A throw here is only logged by vitest ("error during close"): set the exit code as well.
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} temporary entr${left.length === 1 ? 'y' : 'ies'} behind: ${left.sort().join(', ')}. ` +
          'Remove what a test creates in its afterAll/afterEach (the run removed them this time).',
      );
    }
  };
}
