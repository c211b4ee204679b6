// Local data files that are not what they should be: too large, endless (/dev/zero), binary,
// Latin-1, or a file: URL on another host. Each is refused at once with the place and the next
// step, and nothing is loaded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/index.js';
import { loadDataset, SourceError } from '../../src/load/index.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'ebov-limits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GOOD =
  'Indicator,Country,Date,value\nCumulative number of confirmed Ebola cases,Guinea,2015-03-10,2871\n';
const load = (source: string, maxBytes?: number) =>
  loadDataset({ source, cacheDir: tmp, ...(maxBytes ? { maxBytes } : {}) }).catch((error: unknown) => error);

function file(name: string, content: string | Buffer): string {
  const full = path.join(tmp, name);
  writeFileSync(full, content);
  return full;
}

describe('size limit', () => {
  it('refuses a file above the limit by its size, before reading it, naming the limit and how to raise it', async () => {
    const big = file('big.csv', GOOD + 'x'.repeat(2 * 1024 * 1024));
    const error = await load(big, 1024 * 1024);
    expect((error as Error).name).toBe('DataError');
    expect((error as Error).message).toBe(
      `${big}: the file is 2 MiB, more than the limit of 1 MiB. Nothing was loaded. If the file is really that large, raise the limit with --max-size <MB> (or EBOV_MAX_SIZE_MB).`,
    );
  });

  it('stops /dev/zero at its first byte (a NUL), not after filling memory', async () => {
    const started = performance.now();
    const error = await load('/dev/zero');
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/^\/dev\/zero: the file has a NUL byte/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('text that is not UTF-8', () => {
  it('refuses a NUL byte, naming its line', async () => {
    const error = await load(
      file('nul.csv', `${GOOD}Cumulative number of confirmed Ebola cases,Guinea,2015-03-11,28\u000072\n`),
    );
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).problems[0]).toMatchObject({
      line: 3,
      reason: expect.stringMatching(/NUL byte/),
    });
  });

  it('refuses Latin-1 bytes (which would silently become U+FFFD), naming the line and the byte', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(GOOD),
      Buffer.from('Cumulative number of confirmed Ebola cases,C', 'utf8'),
      Buffer.from([0xf4]), // ô in Latin-1
      Buffer.from("te d'Ivoire,2015-03-10,1\n", 'utf8'),
    ]);
    const error = await load(file('latin1.csv', latin1));
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/latin1\.csv: the file is not UTF-8/);
    expect((error as DataError).problems[0]).toMatchObject({
      line: 3,
      value: 'Cumulative number of confirmed Ebola cases,C',
      reason: expect.stringMatching(/byte 0xF4 at byte 45 of the line, which is not UTF-8/),
    });
    expect((error as Error).message).toMatch(/iconv -f latin1 -t utf-8/);
  });

  it('still reads UTF-8 with a BOM and non-ASCII names', async () => {
    const dataset = await loadDataset({
      source: file(
        'utf8.csv',
        `\uFEFF${GOOD}Cumulative number of confirmed Ebola cases,Côte d'Ivoire,2015-03-10,1\n`,
      ),
      cacheDir: tmp,
    });
    expect(dataset.meta.countries.map((country) => country.name)).toContain("Côte d'Ivoire");
  });
});

describe('file: URLs', () => {
  it('refuses a file URL on another host with a SourceError, not a stack trace', async () => {
    const error = await load('file://remotehost/data.csv');
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(
      /file:\/\/remotehost\/data\.csv: .*give a local path or a file:\/\/\/absolute\/path URL/,
    );
  });
});
