#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=10 --v8-pool-size=1
// The `ebov-dash` command: reads flags and environment, then serves the
// dashboard (one process, or WEB_CONCURRENCY workers). The only place that
// prints to the console and chooses the exit code: user mistakes get a
// message and the next step (exit 2 for usage, 1 for data/startup), bugs a stack.
import cluster from 'node:cluster';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BUILD_ID } from './build-id.js';
import {
  DEFAULT_SOURCE,
  defaultCacheDir,
  loadDataset,
  NAMED_SOURCES,
  NOT_KEPT,
  USING_PREPARED,
} from './load/index.js';
import { type DateFormat, loadOptions, type ServeOptions } from './server/load-options.js';

const DATE_FORMATS: readonly DateFormat[] = ['iso', 'mdy', 'dmy'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const HELP = `ebov-dash — explorer of the West African Ebola outbreak 2014–16 (HDX data)

Usage: ebov-dash [flags]

Flags (each overrides its environment variable):
  --data <source>       HDX CSV to serve                     env EBOV_DATA   (default: snapshot)
                          snapshot    the HDX file embedded in this package (no network)
                          hdx         download the live HDX file (cached; the cache serves if it fails)
                          <path|url>  a local CSV file, a file: URL or an http(s) URL
  --port <n>            TCP port (0 = any free port)         env PORT        (default: 8080)
  --host <address>      address to listen on ("::" for IPv6)  env HOST        (default: 0.0.0.0)
  --date-format <f>     iso | mdy | dmy: how the file writes dates (default: decided from the file)
  --max-size <MB>       largest data file or download read   env EBOV_MAX_SIZE_MB (default: 256)
  --cache-dir <dir>     where a downloaded CSV is kept       env EBOV_CACHE_DIR (default: ~/.cache/ebov-dash)
  --check               load and check the data, keep the prepared dataset, print a summary and
                        exit (0: the data is good; 1: what is wrong, file:line) without serving
  -h, --help            this text

Environment:
  WEB_CONCURRENCY=<n>   worker processes (default 1)
  EBOV_PREPARED_DIR=<dir>  where the built dataset is kept so that the next start with the same
                        data skips parsing it (default: <cache dir>/prepared)
  LOG_LEVEL=<level>     ${LOG_LEVELS.join(' | ')} (default info); logs are JSON lines on stdout

Examples:
  ebov-dash                           serve the embedded HDX snapshot on port 8080
  ebov-dash --data hdx --port 9001    serve the live HDX file
  EBOV_DATA=./my-copy.csv ebov-dash   serve a local file
`;

/** A mistake in how the command was called: exit 2 with the message and what to do. */
class UsageError extends Error {}

interface Settings {
  serve: ServeOptions;
  workers: number;
  /** --check: load, report and exit instead of serving. */
  check: boolean;
}

function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'date-format': { type: 'string' },
        'cache-dir': { type: 'string' },
        'max-size': { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (values['help']) return 'help';

  const text = (flag: string, envName?: string): string | undefined => {
    const value = (values[flag] as string | undefined) ?? (envName ? env[envName] : undefined);
    if (value !== undefined && value.trim() === '') {
      throw new UsageError(`--${flag}${envName ? ` / ${envName}` : ''} is empty`);
    }
    return value;
  };

  const portText = text('port', 'PORT') ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new UsageError(`port "${portText}" is not a port number: give 0–65535 (0 picks a free port)`);
  }

  const dateFormat = text('date-format') as DateFormat | undefined;
  if (dateFormat !== undefined && !DATE_FORMATS.includes(dateFormat)) {
    throw new UsageError(`--date-format "${dateFormat}" is not one of ${DATE_FORMATS.join(', ')}`);
  }

  const maxSizeText = text('max-size', 'EBOV_MAX_SIZE_MB') ?? '256';
  const maxSize = Number(maxSizeText);
  if (!/^\d+(\.\d+)?$/.test(maxSizeText.trim()) || maxSize <= 0 || maxSize > 4096) {
    throw new UsageError(
      `--max-size / EBOV_MAX_SIZE_MB "${maxSizeText}" is not a size in MB: give a number from 1 to 4096 (default 256)`,
    );
  }

  const workersText = env['WEB_CONCURRENCY']?.trim() || '1';
  const workers = Number(workersText);
  if (!/^\d+$/.test(workersText) || workers < 1 || workers > 64) {
    throw new UsageError(`WEB_CONCURRENCY="${workersText}" is not a number of worker processes: give 1–64`);
  }

  const logLevel = env['LOG_LEVEL']?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`LOG_LEVEL="${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }

  // `npm start` at the root runs this in packages/dashboard; npm keeps the caller's directory in INIT_CWD,
  // and a relative --data or EBOV_DATA means relative to where the user typed it.
  const callerDir = env['INIT_CWD'] || process.cwd();
  const userPath = (value: string | undefined) =>
    value === undefined || /^(https?|file):/i.test(value) ? value : path.resolve(callerDir, value);
  // "snapshot" and "hdx" name sources; a file with such a name is reached as ./hdx.
  const dataText = text('data', 'EBOV_DATA');
  const source =
    dataText === undefined
      ? DEFAULT_SOURCE
      : (NAMED_SOURCES[dataText.trim().toLowerCase()] ?? userPath(dataText)!);

  const cacheDir = userPath(text('cache-dir', 'EBOV_CACHE_DIR')) ?? defaultCacheDir();
  const preparedDir =
    userPath(env['EBOV_PREPARED_DIR']?.trim() || undefined) ?? path.join(cacheDir, 'prepared');
  return {
    workers,
    check: values['check'] === true,
    serve: {
      source,
      cacheDir,
      maxBytes: Math.round(maxSize * 1024 * 1024),
      // Only a bundled build has an id to key prepared datasets by (see build-id.ts).
      prepared: BUILD_ID === null ? undefined : { dir: preparedDir, buildId: BUILD_ID },
      dateFormat,
      port,
      host: text('host', 'HOST') ?? '0.0.0.0',
      logLevel,
    },
  };
}

/** Errors a user can fix (bad data, unreachable source, port taken): their message is the whole story. */
function userFacingMessage(error: unknown, settings: Settings): string | null {
  if (!(error instanceof Error)) return null;
  if (error.name === 'DataError' || error.name === 'SourceError') return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${settings.serve.host}:${settings.serve.port}`;
  if (code === 'EADDRINUSE')
    return `${where} is already in use: stop the other server or choose --port / PORT`;
  if (code === 'EACCES')
    return `${where}: not allowed to listen there (ports below 1024 need root): use --port 8080`;
  if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot listen on host "${settings.serve.host}" (${code}): use --host 0.0.0.0 or an address of this machine`;
  }
  return null;
}

/** --check: what a start would load, summarised in one line (and kept prepared for that start). */
async function checkData(options: ServeOptions): Promise<string> {
  let prepared = false;
  let notKept: string | undefined;
  const dataset = await loadDataset(
    loadOptions(options, (message) => {
      if (message.startsWith(USING_PREPARED)) prepared = true;
      if (message.startsWith(NOT_KEPT)) notKept = message;
    }),
  );
  const { meta } = dataset;
  const rows = meta.indicators.reduce((sum, indicator) => sum + indicator.rows, 0);
  const warnings =
    meta.warnings.length > 0 ? `\n${meta.warnings.map((w) => `  warning: ${w}`).join('\n')}` : '';
  const keptIn = !options.prepared
    ? ''
    : prepared
      ? `; the prepared dataset in ${options.prepared.dir} is current`
      : notKept !== undefined
        ? `; ${notKept}`
        : `; prepared dataset kept in ${options.prepared.dir}`;
  return (
    `${meta.source.location}: OK: ${rows} rows, ${meta.indicators.length} indicators, ${meta.countries.length} countries, ` +
    `${meta.dateRange.from} to ${meta.dateRange.to} (dates read as ${meta.dateFormat})${keptIn}${warnings}`
  );
}

async function main(): Promise<void> {
  let settings: Settings | 'help';
  try {
    settings = readSettings(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`ebov-dash: ${error.message}\nRun \`ebov-dash --help\` for the flags.\n`);
    process.exit(2);
  }
  if (settings === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (settings.check) {
    try {
      process.stdout.write(`${await checkData(settings.serve)}\n`);
    } catch (error) {
      const message = userFacingMessage(error, settings);
      if (message === null) throw error;
      process.stderr.write(`ebov-dash: ${message}\n`);
      process.exit(1);
    }
    return;
  }
  if (settings.workers > 1 && cluster.isPrimary) {
    const { runPrimary } = await import('./server/cluster.js');
    try {
      await runPrimary(settings.workers, settings.serve);
    } catch (error) {
      const message = userFacingMessage(error, settings);
      if (message === null) throw error;
      process.stderr.write(`ebov-dash: ${message}\n`);
      process.exit(1);
    }
    return;
  }
  const { serve } = await import('./server/serve.js');
  try {
    if (cluster.isWorker) {
      const { receiveDataset } = await import('./server/cluster.js');
      await serve(settings.serve, receiveDataset());
    } else {
      await serve(settings.serve);
    }
  } catch (error) {
    const message = userFacingMessage(error, settings);
    if (message === null) throw error;
    process.stderr.write(`ebov-dash: ${message}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  // Not a user's mistake: a bug. Show everything.
  console.error(error);
  process.exit(1);
});
