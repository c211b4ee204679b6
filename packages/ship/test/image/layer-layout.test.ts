import { describe, expect, it } from 'vitest';
import {
  type LayerFile,
  layoutLayer,
  normalizeLayerPath,
  sourceDateEpoch,
} from '../../src/image/layer-layout.js';

const file = (path: string, text = path, executable = false): LayerFile => ({
  kind: 'file',
  path,
  content: Buffer.from(text),
  executable,
});

describe('layoutLayer', () => {
  const cases: { name: string; files: LayerFile[]; paths: string[] }[] = [
    { name: 'sorts by path bytes', files: [file('b'), file('a'), file('C')], paths: ['C', 'a', 'b'] },
    {
      name: 'writes every parent directory before its children',
      files: [file('app/dist/cli.js')],
      paths: ['app', 'app/dist', 'app/dist/cli.js'],
    },
    {
      name: 'puts a parent first even when a sibling sorts between',
      files: [file('a/b'), file('a-c')],
      paths: ['a', 'a-c', 'a/b'],
    },
    {
      name: 'normalizes leading slashes and dots',
      files: [file('/app/./x'), { kind: 'dir', path: 'app/' }],
      paths: ['app', 'app/x'],
    },
    {
      name: 'keeps explicit empty directories',
      files: [{ kind: 'dir', path: 'app/data' }],
      paths: ['app', 'app/data'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(layoutLayer(c.files, 0).map((e) => e.path)).toEqual(c.paths);
    });
  }

  it('does not depend on the input order', () => {
    const files = [
      file('app/z'),
      file('app/a/b'),
      file('app/m'),
      { kind: 'symlink', path: 'app/l', target: 'm' } as const,
    ];
    expect(layoutLayer(files, 5)).toEqual(layoutLayer([...files].reverse(), 5));
  });

  it.each([
    { f: file('x'), type: 'file', mode: 0o644 },
    { f: file('x', 'x', true), type: 'file', mode: 0o755 },
    { f: { kind: 'dir', path: 'x' } as LayerFile, type: 'directory', mode: 0o755 },
    { f: { kind: 'symlink', path: 'x', target: 'y' } as LayerFile, type: 'symlink', mode: 0o777 },
  ])('gives a $type fixed mode $mode, owner root and the given mtime', ({ f, type, mode }) => {
    const [entry] = layoutLayer([f], 1700000000);
    expect(entry).toMatchObject({ type, mode, uid: 0, gid: 0, mtime: 1700000000 });
  });

  it.each([
    { files: [file('a'), file('a')], error: '"a" is given twice' },
    { files: [file('a'), file('a/b')], error: '"a" is a file and a parent directory' },
    { files: [file('../etc/passwd')], error: 'leaves the image root' },
    { files: [file('/')], error: 'names the root directory' },
  ])('rejects $error', ({ files, error }) => {
    expect(() => layoutLayer(files, 0)).toThrow(error);
  });
});

describe('normalizeLayerPath', () => {
  it.each([
    ['/app/x', 'app/x'],
    ['app//x/', 'app/x'],
    ['./app', 'app'],
  ])('%s → %s', (input, output) => expect(normalizeLayerPath(input)).toBe(output));
});

describe('sourceDateEpoch', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['1700000000', 1700000000],
    [' 42 ', 42],
  ])('%s → %s', (input, output) => expect(sourceDateEpoch(input)).toBe(output));
  it('rejects a date that is not whole seconds', () => {
    expect(() => sourceDateEpoch('2024-01-01')).toThrow('expected whole seconds');
  });
});
