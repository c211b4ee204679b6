// What goes into a layer, laid out the reproducible way (ko, jib): entries sorted, every parent
// directory written explicitly, fixed modes, root ownership, one fixed mtime. Pure: the same
// files in give the same entries out, whatever order or metadata they came with.

/** A file as the app has it, before layout. `path` is inside the image, e.g. `app/dist/cli.js`. */
export type LayerFile =
  | { kind: 'file'; path: string; content: Uint8Array; executable?: boolean }
  | { kind: 'dir'; path: string }
  | { kind: 'symlink'; path: string; target: string };

export interface LayerEntry {
  /** Path without a leading slash; directories end without a slash. */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  content?: Uint8Array;
  linkname?: string;
}

/** Files are owned by root and read-only to the app, which runs as the non-root `node` user. */
export const FILE_MODE = 0o644;
export const EXECUTABLE_MODE = 0o755;
export const DIRECTORY_MODE = 0o755;
export const SYMLINK_MODE = 0o777;

export function normalizeLayerPath(path: string): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0) throw new Error(`layer path "${path}" names the root directory`);
  if (parts.includes('..')) throw new Error(`layer path "${path}" leaves the image root ("..")`);
  return parts.join('/');
}

function parentsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Lays out files as tar entries: sorted by path bytes, parents first, fixed metadata.
 * A path given twice is an error unless both are directories.
 */
export function layoutLayer(files: readonly LayerFile[], mtime: number): LayerEntry[] {
  const byPath = new Map<string, LayerEntry>();
  const add = (entry: LayerEntry) => {
    const existing = byPath.get(entry.path);
    if (existing && !(existing.type === 'directory' && entry.type === 'directory')) {
      throw new Error(`layer path "${entry.path}" is given twice`);
    }
    byPath.set(entry.path, entry);
  };
  const base = { uid: 0, gid: 0, mtime };
  for (const file of files) {
    const path = normalizeLayerPath(file.path);
    for (const parent of parentsOf(path)) {
      if (!byPath.has(parent)) add({ ...base, path: parent, type: 'directory', mode: DIRECTORY_MODE });
    }
    if (file.kind === 'dir') {
      if (!byPath.has(path)) add({ ...base, path, type: 'directory', mode: DIRECTORY_MODE });
    } else if (file.kind === 'symlink') {
      add({ ...base, path, type: 'symlink', mode: SYMLINK_MODE, linkname: file.target });
    } else {
      const mode = file.executable ? EXECUTABLE_MODE : FILE_MODE;
      add({ ...base, path, type: 'file', mode, content: file.content });
    }
  }
  for (const entry of byPath.values()) {
    for (const parent of parentsOf(entry.path)) {
      const type = byPath.get(parent)?.type;
      if (type !== 'directory') throw new Error(`layer path "${parent}" is a ${type} and a parent directory`);
    }
  }
  return [...byPath.values()].sort((a, b) => compareBytes(a.path, b.path));
}

/** Seconds from `SOURCE_DATE_EPOCH` (reproducible-builds.org), else 0. */
export function sourceDateEpoch(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  if (!/^\d+$/.test(value.trim())) {
    throw new Error(`SOURCE_DATE_EPOCH="${value}": expected whole seconds since 1970-01-01 UTC`);
  }
  return Number(value.trim());
}
