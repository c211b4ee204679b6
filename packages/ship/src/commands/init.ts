// `ship init`: writes ship.config.json with defaults detected from the app
// (name from package.json, port 8080, the health path its routes serve, region
// from AWS_REGION). No environment unless --env: the branch decides it.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { healthCheckPathFrom, initialConfig } from '../config/initial-config.js';
import { parseConfig } from '../config/parse-config.js';
import { UserError } from '../errors.js';
import { checkEnvironmentName } from '../ops/environment-name.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, initFlags } from './index.js';

export default async function init(args: CommandArgs<typeof initFlags>, io: CommandIo): Promise<void> {
  const environment = args.env === undefined ? undefined : checkEnvironmentName(args.env);
  // --dir X writes X/ship.config.json; --config names the file itself.
  const configPath = resolve(io.cwd, args.config ?? join(args.dir ?? '.', 'ship.config.json'));
  const shown = relative(io.cwd, configPath) || configPath;
  if (existsSync(configPath) && !args.force) {
    throw new UserError(`${shown} already exists`, 'edit it, or pass --force to write a fresh one');
  }
  const appDir = resolve(
    io.cwd,
    args.dir ??
      (existsSync(join(io.cwd, 'packages', 'dashboard', 'package.json'))
        ? join('packages', 'dashboard')
        : '.'),
  );
  if (args.dir !== undefined && !existsSync(appDir)) {
    throw new UserError(`--dir ${args.dir}: no such directory`, 'give the folder of the app to deploy');
  }
  const packageName = await readPackageName(join(appDir, 'package.json'));
  const healthCheckPath = healthCheckPathFrom(await readSources(appDir));
  const config = initialConfig({
    ...(packageName ? { packageName } : {}),
    folderName: basename(appDir),
    appDir: relative(dirname(configPath), appDir) || '.',
    region: io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(environment ? { environment } : {}),
    ...(healthCheckPath ? { healthCheckPath } : {}),
  });
  const text = `${JSON.stringify(config, null, 2)}\n`;
  parseConfig(text, { file: shown, defaultRegion: 'us-east-1' }); // what init writes must load
  // Write to a temporary file and rename, so an interrupted init leaves no half-written config.
  const temporary = `${configPath}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, configPath);
  io.stdout.write(`${shown}\n`);
  io.stderr.write(
    `wrote ${shown} for app "${config.app}" in ${config.region} (256 CPU / 512 MiB, port 8080, health check ${String(config.healthCheckPath)}` +
      `${healthCheckPath ? ', found in the source' : ''}; environment ${environment ?? 'from the branch: main → production, feature/x → feature-x'})\n` +
      'next: ship plan, then ship deploy\n',
  );
}

async function readPackageName(file: string): Promise<string | undefined> {
  try {
    const name = (JSON.parse(await readFile(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

const sourceExtensions = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const skipped = new Set(['node_modules', 'coverage', 'test', 'tests']);

/** The app's own source texts (no dependencies, tests or dot folders), bounded in count and size. */
async function readSources(appDir: string): Promise<string[]> {
  const texts: string[] = [];
  const queue = [appDir];
  let seen = 0;
  while (queue.length > 0 && seen < 2000) {
    const dir = queue.shift() ?? '';
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.') || skipped.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) queue.push(path);
      else if (entry.isFile() && sourceExtensions.test(entry.name) && !entry.name.includes('.test.')) {
        seen += 1;
        if ((await stat(path)).size <= 512 * 1024) texts.push(await readFile(path, 'utf8'));
      }
    }
  }
  return texts;
}
