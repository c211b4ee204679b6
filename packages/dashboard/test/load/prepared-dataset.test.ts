// The prepared dataset store: a start with the same data and build reads the built Dataset back
// instead of parsing; anything that could make the stored one wrong makes a miss instead.
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DataError, describeMeta, querySeries } from '../../src/core/index.js';
import { loadDataset, type PreparedStore } from '../../src/load/index.js';
import { SHARED_CSV } from '../server/shared-data.js';

const root = mkdtempSync(path.join(tmpdir(), 'ebov-prepared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const csv = (guineaCases: number) =>
  [
    'Indicator,Country,Date,value',
    `Cumulative number of confirmed Ebola cases,Guinea,2015-03-09,${guineaCases - 10}`,
    `Cumulative number of confirmed Ebola cases,Guinea,2015-03-10,${guineaCases}`,
    `Cumulative number of confirmed Ebola cases,Guinea,2015-03-10,${guineaCases}`,
    '',
  ].join('\n');

let dir: string;
let source: string;
let store: PreparedStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(root, 'case-'));
  source = path.join(dir, 'data.csv');
  writeFileSync(source, csv(2871));
  store = { dir: path.join(dir, 'prepared'), buildId: 'build-1' };
});

const load = (logged: string[] = [], opts: Partial<Parameters<typeof loadDataset>[0]> = {}) =>
  loadDataset({ source, cacheDir: dir, prepared: store, log: (m) => logged.push(m), ...opts });
const usedPrepared = (logged: string[]) => logged.some((m) => m.startsWith('using the prepared dataset'));
const storedFiles = () => readdirSync(store.dir).filter((f) => f.endsWith('.v8'));
const guinea = (ds: Awaited<ReturnType<typeof loadDataset>>) =>
  querySeries(ds, {
    countries: ['Guinea'],
    indicator: 'cumulative-confirmed-cases',
    measure: 'weekly',
    per100k: true,
    clamp: false,
    mergeFlareUps: false,
  });

describe('loadDataset with a prepared store', () => {
  it('keeps the built dataset, and the next load reads it back: same answers, fresh loadedAt', async () => {
    const firstLog: string[] = [];
    const first = await load(firstLog);
    expect(usedPrepared(firstLog)).toBe(false);
    expect(storedFiles()).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const secondLog: string[] = [];
    const second = await load(secondLog);
    expect(usedPrepared(secondLog)).toBe(true);
    expect(second.meta.loadedAt).not.toBe(first.meta.loadedAt);
    expect({ ...describeMeta(second), loadedAt: '' }).toEqual({ ...describeMeta(first), loadedAt: '' });
    expect(guinea(second)).toEqual(guinea(first));
    // The duplicate-row warning was made by the parse and travels with the stored dataset.
    expect(second.meta.warnings).toEqual(first.meta.warnings);
    expect(second.meta.warnings.join('\n')).toMatch(/data\.csv:4/);
  });

  it('the real HDX file: every trace of the stored dataset equals the freshly built one', async () => {
    const shared = { source: SHARED_CSV, cacheDir: dir, prepared: store };
    const built = await loadDataset(shared);
    const logged: string[] = [];
    const read = await loadDataset({ ...shared, log: (m) => logged.push(m) });
    expect(usedPrepared(logged)).toBe(true);
    expect(read.traces.size).toBe(built.traces.size);
    expect([...read.traces]).toEqual([...built.traces]);
    expect([...read.series]).toEqual([...built.series]);
    expect({ ...read.meta, loadedAt: '' }).toEqual({ ...built.meta, loadedAt: '' });
  });

  it('a changed byte in the file, another build, another date format or another location is a miss', async () => {
    await load();
    const misses: [string, () => Promise<unknown>][] = [
      ['changed file', async () => writeFileSync(source, csv(2872))],
      ['other build', async () => (store = { ...store, buildId: 'build-2' })],
      ['date format asked for', async () => undefined],
    ];
    for (const [what, change] of misses) {
      await change();
      const logged: string[] = [];
      const ds = await load(logged, what === 'date format asked for' ? { dateFormat: 'iso' } : {});
      expect(usedPrepared(logged), what).toBe(false);
      if (what === 'changed file') expect(guinea(ds).series[0]?.dates.length).toBeGreaterThan(0);
    }
    const moved = path.join(dir, 'moved.csv');
    writeFileSync(moved, readFileSync(source));
    const logged: string[] = [];
    const ds = await load(logged, { source: moved });
    expect(usedPrepared(logged)).toBe(false);
    expect(ds.meta.source.location).toBe(moved);
  });

  it('a corrupt stored file is a miss: the data is built again and the file replaced', async () => {
    await load();
    const [file] = storedFiles();
    writeFileSync(path.join(store.dir, file!), 'not a v8 serialization');
    const logged: string[] = [];
    const ds = await load(logged);
    expect(usedPrepared(logged)).toBe(false);
    expect(guinea(ds).series[0]?.values.length).toBeGreaterThan(0);
    const again: string[] = [];
    await load(again);
    expect(usedPrepared(again)).toBe(true);
  });

  it('a store that cannot be written is logged, and the data still loads', async () => {
    writeFileSync(path.join(dir, 'blocker'), 'a file where the folder should be');
    store = { ...store, dir: path.join(dir, 'blocker', 'prepared') };
    const logged: string[] = [];
    const ds = await load(logged);
    expect(guinea(ds).series).toHaveLength(1);
    expect(logged.join('\n')).toMatch(
      /could not keep the prepared dataset in .*blocker.*the next start builds it again/,
    );
  });

  it('a read-only store with the dataset in it is read (the container image ships one)', async () => {
    await load();
    chmodSync(store.dir, 0o555);
    try {
      const logged: string[] = [];
      await load(logged);
      expect(usedPrepared(logged)).toBe(true);
    } finally {
      chmodSync(store.dir, 0o755);
    }
  });

  it('a file with errors stores nothing, so the errors are reported at every start', async () => {
    writeFileSync(
      source,
      'Indicator,Country,Date,value\nCumulative number of confirmed Ebola cases,Guinea,not a date,1\n',
    );
    await expect(load()).rejects.toBeInstanceOf(DataError);
    expect(readdirSync(dir)).not.toContain('prepared');
    await expect(load()).rejects.toBeInstanceOf(DataError);
  });

  it('keeps the 8 most recently written or read prepared files', async () => {
    for (let n = 0; n < 10; n += 1) {
      writeFileSync(source, csv(3000 + n));
      await load();
    }
    expect(storedFiles()).toHaveLength(8);
    // The two oldest went (asked for last: asking for one writes it again, which evicts another).
    for (const [n, kept] of [
      [9, true],
      [2, true],
      [0, false],
      [1, false],
    ] as const) {
      writeFileSync(source, csv(3000 + n));
      const logged: string[] = [];
      await load(logged);
      expect(usedPrepared(logged), `file ${n}`).toBe(kept);
    }
  });

  it('pruning removes only files it wrote, never another *.v8 in the same folder', async () => {
    await load();
    const foreign = path.join(store.dir, 'someone-elses.v8');
    writeFileSync(foreign, 'not ours');
    for (let n = 0; n < 10; n += 1) {
      writeFileSync(source, csv(3000 + n));
      await load();
    }
    expect(readFileSync(foreign, 'utf8')).toBe('not ours');
    expect(storedFiles().filter((name) => name !== 'someone-elses.v8')).toHaveLength(8);
  });

  it.each([
    [
      'a well-formed V8 file that is not a prepared dataset',
      () => serialize({ meta: {}, series: new Map() }),
    ],
    ['a dataset stored under another key (another file renamed)', 'other'],
  ] as const)('%s is a miss, not a TypeError', async (_name, content) => {
    await load();
    const [file] = storedFiles();
    if (content === 'other') {
      writeFileSync(source, csv(4000));
      await load();
      const other = storedFiles().find((name) => name !== file)!;
      copyFileSync(path.join(store.dir, other), path.join(store.dir, file!));
      writeFileSync(source, csv(2871));
    } else {
      writeFileSync(path.join(store.dir, file!), content());
    }
    const logged: string[] = [];
    const ds = await load(logged);
    expect(usedPrepared(logged)).toBe(false);
    expect(guinea(ds).series).toHaveLength(1);
    expect(describeMeta(ds).indicators[0]?.rows).toBe(2);
  });

  it('a store under /proc (where mkdir -p never returns in Node) fails at once and is logged', async () => {
    store = { ...store, dir: '/proc/ebov-dash-test/prepared' };
    const logged: string[] = [];
    const started = performance.now();
    await load(logged);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(logged.join('\n')).toMatch(
      /could not keep the prepared dataset in \/proc\/ebov-dash-test\/prepared/,
    );
  });

  it('without a store nothing is written', async () => {
    await loadDataset({ source, cacheDir: dir });
    expect(readdirSync(dir).sort()).toEqual(['data.csv']);
  });
});
