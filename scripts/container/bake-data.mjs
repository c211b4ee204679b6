// Puts the HDX data file into the image at build time (run by the Dockerfile's `data` stage).
//
//   node bake-data.mjs OUT_FILE
//
// EBOV_DATA_FILE set: copy that file from the `ebov-data` build context (mounted at
// EBOV_DATA_CONTEXT, default /ebov-data). Otherwise: download EBOV_DATA_URL. Either way the
// header is checked so that a wrong file fails the build, not the container's start, and the
// output is written to a temporary file and renamed (no half-written data in the image).
import { copyFile, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const REQUIRED_COLUMNS = ['indicator', 'country', 'date', 'value'];
const DOWNLOAD_TIMEOUT_MS = 120_000;
const LOCAL_HINT =
  'to bake a local copy instead: --build-context ebov-data=DIR --build-arg EBOV_DATA_FILE=NAME.csv';

class BakeError extends Error {}

async function bake(outFile) {
  const file = process.env.EBOV_DATA_FILE ?? '';
  const contextDir = process.env.EBOV_DATA_CONTEXT ?? '/ebov-data';
  const partial = `${outFile}.partial`;
  await mkdir(dirname(outFile), { recursive: true });
  let source;
  if (file !== '') {
    source = `${file} from the ebov-data build context`;
    await copyLocal(join(contextDir, file), file, contextDir, partial);
  } else {
    const url = process.env.EBOV_DATA_URL ?? '';
    if (url === '')
      throw new BakeError(`EBOV_DATA_URL and EBOV_DATA_FILE are both empty: set one; ${LOCAL_HINT}`);
    source = url;
    await download(url, partial);
  }
  await checkHeader(partial, source);
  await rename(partial, outFile);
  const { size } = await stat(outFile);
  console.log(`bake-data: ${outFile} (${size} bytes) from ${source}`);
}

async function copyLocal(path, file, contextDir, partial) {
  try {
    await copyFile(path, partial);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    const present = await readdir(contextDir).catch(() => []);
    const listing = present.length > 0 ? `it holds: ${present.join(', ')}` : 'it is empty';
    throw new BakeError(
      `EBOV_DATA_FILE=${file}: no such file in the ebov-data build context (${listing}); ` +
        'pass the folder that holds it with --build-context ebov-data=DIR',
    );
  }
}

async function download(url, partial) {
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new BakeError(
      `EBOV_DATA_URL=${url}: download failed: ${error.cause?.message ?? error.message}; ${LOCAL_HINT}`,
    );
  }
  if (!response.ok) {
    throw new BakeError(
      `EBOV_DATA_URL=${url}: HTTP ${response.status} ${response.statusText}; ${LOCAL_HINT}`,
    );
  }
  await writeFile(partial, Buffer.from(await response.arrayBuffer()));
}

async function checkHeader(path, source) {
  const text = await readFile(path, 'utf8');
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const columns = header.split(',').map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new BakeError(
      `${source}: line 1: expected an HDX long CSV header with columns Indicator,Country,Date,value; ` +
        `missing ${missing.join(', ')} (header: ${JSON.stringify(header.slice(0, 120))})`,
    );
  }
}

const outFile = process.argv[2];
if (outFile === undefined) {
  console.error('usage: node bake-data.mjs OUT_FILE');
  process.exit(2);
}
try {
  await bake(outFile);
} catch (error) {
  if (!(error instanceof BakeError)) throw error;
  console.error(`bake-data: ${error.message}`);
  process.exit(1);
}
