// `ship init`: writes ship.config.json with defaults detected from the app
// (name from package.json, port 8080, /healthz, region from AWS_REGION).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { initialConfig } from '../config/initial-config.js';
import { parseConfig } from '../config/parse-config.js';
import { UserError } from '../errors.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, initFlags } from './index.js';

export default async function init(args: CommandArgs<typeof initFlags>, io: CommandIo): Promise<void> {
  const configPath = resolve(io.cwd, args.config);
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
  const packageName = await readPackageName(join(appDir, 'package.json'));
  const config = initialConfig({
    ...(packageName ? { packageName } : {}),
    folderName: basename(appDir),
    appDir: relative(dirname(configPath), appDir) || '.',
    region: io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1',
  });
  const text = `${JSON.stringify(config, null, 2)}\n`;
  parseConfig(text, { file: shown, defaultRegion: 'us-east-1' }); // what init writes must load
  // Write to a temporary file and rename, so an interrupted init leaves no half-written config.
  const temporary = `${configPath}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, configPath);
  io.stdout.write(`${shown}\n`);
  io.stderr.write(
    `wrote ${shown} for app "${config.app}" in ${config.region} (256 CPU / 512 MiB, port 8080, /healthz)\n` +
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
