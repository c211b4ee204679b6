// `node dist/main` finds dist/main.js: the main file of a `node FILE` command is resolved as Node's
// CommonJS loader resolves it (Module._findPath), for CommonJS and ES module apps alike:
// FILE, FILE.js, FILE.json, FILE.node, then FILE as a directory (its package.json "main", then
// index.js, index.json, index.node). `.mjs`/`.cjs` are never added. Pure over `isFile`/`readMain`.

const EXTENSIONS = ['.js', '.json', '.node'];

export interface EntryLookup {
  /** Whether a path relative to the app is a file. */
  isFile: (path: string) => boolean;
  /** "main" of `dir/package.json`, if there is one. */
  readMain: (dir: string) => string | undefined;
}

/** Normalises `./a/../b/` → `b`; '' for the app directory itself. */
export function normalisePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** The file node runs for `node spec`, relative to the app, or undefined with every path tried. */
export function resolveEntryFile(spec: string, lookup: EntryLookup): { file?: string; tried: string[] } {
  const tried: string[] = [];
  const base = normalisePath(spec);
  const tryFile = (path: string) => {
    tried.push(path);
    return lookup.isFile(path) ? path : undefined;
  };
  const asFile = (path: string) => {
    for (const candidate of [path, ...EXTENSIONS.map((ext) => path + ext)]) {
      const found = path ? tryFile(candidate) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const asIndex = (dir: string) => {
    for (const ext of EXTENSIONS) {
      const found = tryFile(dir ? `${dir}/index${ext}` : `index${ext}`);
      if (found) return found;
    }
    return undefined;
  };
  const asDirectory = (dir: string) => {
    const main = lookup.readMain(dir);
    if (main) {
      const target = normalisePath(`${dir}/${main}`);
      const found = asFile(target) ?? asIndex(target);
      if (found) return found;
    }
    return asIndex(dir);
  };
  const file = asFile(base) ?? asDirectory(base);
  return file ? { file, tried } : { tried };
}
