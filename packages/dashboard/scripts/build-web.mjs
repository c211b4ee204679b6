// Builds the browser client into dist/web:
//   index.html                  (no-cache; references hashed files)
//   assets/<name>-<hash>.{js,css,json}   (immutable) + .br and .gz beside each
//   manifest.json               (which files the first view needs; read by the benchmark)
// The output is written to a temporary folder and renamed into place, so a failed
// build never leaves half a client behind.
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { buildMapShapes } from './map-shapes.mjs';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const webSrc = path.join(root, 'src/web');
const distDir = path.join(root, 'dist');
const outDir = path.join(distDir, 'web');

/** `import shapes from 'virtual:map-shapes'` → the projected map, computed at build time. */
const mapShapesPlugin = {
  name: 'map-shapes',
  setup(build) {
    build.onResolve({ filter: /^virtual:map-shapes$/ }, () => ({
      path: 'map-shapes',
      namespace: 'map-shapes',
    }));
    build.onLoad({ filter: /.*/, namespace: 'map-shapes' }, async () => ({
      contents: JSON.stringify(await buildMapShapes()),
      loader: 'json',
    }));
  },
};

/**
 * uPlot builds two Intl objects when its module loads (a number format for its default
 * labels, the local time zone for `tz` dates). The first Intl object in a fresh renderer
 * loads ICU's locale data: 50–90 ms of main thread before the first chart, for labels
 * this page formats itself (chart-data.ts). Build them on first use instead. Fails the
 * build when uPlot's source no longer has these lines, rather than silently keeping them.
 */
const UPLOT_LAZY_INTL = [
  [
    "const numFormatter = new Intl.NumberFormat(domEnv ? nav.language : 'en-US');\nconst fmtNum = val => numFormatter.format(val);",
    "let numFormatter;\nconst fmtNum = val => (numFormatter ??= new Intl.NumberFormat(domEnv ? nav.language : 'en-US')).format(val);",
  ],
  [
    'const localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;',
    'let localTz;\nconst getLocalTz = () => (localTz ??= new Intl.DateTimeFormat().resolvedOptions().timeZone);',
  ],
  ['else if (tz == localTz)', 'else if (tz == getLocalTz())'],
];

const uplotLazyIntlPlugin = {
  name: 'uplot-lazy-intl',
  setup(build) {
    build.onLoad({ filter: /uplot[\\/]dist[\\/]uPlot\.esm\.js$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      for (const [from, to] of UPLOT_LAZY_INTL) {
        if (!contents.includes(from)) {
          throw new Error(
            `${args.path}: expected \`${from.split('\n')[0]}\` (uPlot changed: update UPLOT_LAZY_INTL)`,
          );
        }
        contents = contents.replace(from, to);
      }
      return { contents, loader: 'js' };
    });
  },
};

async function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

async function main() {
  await mkdir(distDir, { recursive: true });
  const tmp = await mkdtemp(path.join(distDir, '.web-'));
  try {
    const result = await esbuild.build({
      entryPoints: { main: path.join(webSrc, 'main.ts'), prefetch: path.join(webSrc, 'prefetch.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      sourcemap: false,
      target: ['chrome110', 'firefox115', 'safari16'],
      outdir: path.join(tmp, 'assets'),
      entryNames: '[name]-[hash]',
      chunkNames: '[name]-[hash]',
      assetNames: '[name]-[hash]',
      metafile: true,
      legalComments: 'linked',
      plugins: [mapShapesPlugin, uplotLazyIntlPlugin],
      logLevel: 'warning',
    });

    const rel = (file) => path.relative(tmp, path.resolve(file)).split(path.sep).join('/');
    const outputs = Object.entries(result.metafile.outputs).map(([file, info]) => ({
      file: rel(file),
      info,
    }));
    const entryOf = (name) => {
      const found = outputs.find((o) => o.info.entryPoint?.endsWith(`${name}.ts`) && o.file.endsWith('.js'));
      if (!found) throw new Error(`esbuild produced no ${name}.js`);
      return found;
    };
    const entry = entryOf('main');
    const prefetch = entryOf('prefetch');
    const css = entry.info.cssBundle ? rel(entry.info.cssBundle) : null;
    // Chunks the entries import statically are needed at once: preload them in parallel.
    const preloadFiles = [
      ...new Set(
        [entry, prefetch].flatMap((e) =>
          e.info.imports.filter((i) => i.kind === 'import-statement').map((i) => rel(i.path)),
        ),
      ),
    ];

    const template = await readFile(path.join(webSrc, 'index.html'), 'utf8');
    // prefetch.js is async: it runs as soon as it arrives and starts the API requests
    // of the view in the URL; main.js (deferred, in order) finds them in flight.
    const head = [
      `<script type="module" async src="/${prefetch.file}"></script>`,
      css ? `<link rel="stylesheet" href="/${css}">` : '',
      ...preloadFiles.map((f) => `<link rel="modulepreload" href="/${f}">`),
      `<script type="module" src="/${entry.file}"></script>`,
    ]
      .filter(Boolean)
      .join('\n    ');
    if (!template.includes('<!-- assets -->'))
      throw new Error('src/web/index.html lacks the <!-- assets --> marker');
    const page = template.replace('<!-- assets -->', head);
    await writeFile(path.join(tmp, 'index.html'), page);
    // /embed: the same page and scripts, marked so that it shows the view without its chrome.
    if (!page.includes('<html lang="en">')) throw new Error('src/web/index.html lacks <html lang="en">');
    await writeFile(
      path.join(tmp, 'embed.html'),
      page.replace('<html lang="en">', '<html lang="en" class="embed">'),
    );

    const firstView = [entry.file, prefetch.file, ...(css ? [css] : []), ...preloadFiles];
    await writeFile(
      path.join(tmp, 'manifest.json'),
      `${JSON.stringify({ entry: entry.file, css, firstView, files: outputs.map((o) => o.file) }, null, 2)}\n`,
    );

    // Precompress every text file once; the server picks one by Accept-Encoding.
    for (const file of await listFiles(tmp)) {
      if (!/\.(html|js|css|json|txt|svg)$/.test(file)) continue;
      const body = await readFile(path.join(tmp, file));
      await writeFile(path.join(tmp, `${file}.gz`), gzipSync(body, { level: 9 }));
      await writeFile(
        path.join(tmp, `${file}.br`),
        brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
      );
    }

    // mkdtemp makes the folder private (0700): the server may run as another user.
    await chmod(tmp, 0o755);
    await rm(outDir, { recursive: true, force: true });
    await rename(tmp, outDir);
    const sizes = await Promise.all(
      firstView.map(async (f) => (await readFile(path.join(outDir, `${f}.gz`))).length),
    );
    const kb = (sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1);
    console.log(
      `web client built into ${path.relative(process.cwd(), outDir) || '.'}: first view ${kb} KB gzipped`,
    );
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

main().catch((error) => {
  console.error(`build-web: ${error.message}`);
  process.exit(1);
});
