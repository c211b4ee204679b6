// `ship init`: writes ship.config.json with defaults detected from the app
// (name from package.json, port 8080, /healthz, region from AWS_REGION).
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { defineCommand } from 'citty';
import { initialConfig } from '../config/initial-config.js';
import { parseConfig } from '../config/parse-config.js';
import { UserError } from '../errors.js';

export default defineCommand({
  meta: { name: 'init', description: 'Write ship.config.json with defaults detected from the app' },
  args: {
    dir: {
      type: 'string',
      description: 'App directory (default: packages/dashboard in this repository, else .)',
    },
    config: { type: 'string', description: 'Where to write the config', default: 'ship.config.json' },
    force: { type: 'boolean', description: 'Overwrite an existing config file' },
  },
  async run({ args }) {
    const configPath = resolve(args.config ?? 'ship.config.json');
    const shown = relative(process.cwd(), configPath) || configPath;
    if (existsSync(configPath) && !args.force) {
      throw new UserError(`${shown} already exists`, 'edit it, or pass --force to write a fresh one');
    }
    const appDir = resolve(
      args.dir ??
        (existsSync(join('packages', 'dashboard', 'package.json')) ? join('packages', 'dashboard') : '.'),
    );
    const packageName = await readPackageName(join(appDir, 'package.json'));
    const config = initialConfig({
      ...(packageName ? { packageName } : {}),
      folderName: basename(appDir),
      appDir: relative(dirname(configPath), appDir) || '.',
      region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    });
    const text = `${JSON.stringify(config, null, 2)}\n`;
    parseConfig(text, { file: shown, defaultRegion: 'us-east-1' }); // what init writes must load
    // Write to a temporary file and rename, so an interrupted init leaves no half-written config.
    const temporary = `${configPath}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, configPath);
    process.stdout.write(`${shown}\n`);
    process.stderr.write(
      `wrote ${shown} for app "${config.app}" in ${config.region} (256 CPU / 512 MiB, port 8080, /healthz)\n` +
        'next: ship plan, then ship deploy\n',
    );
  },
});

async function readPackageName(file: string): Promise<string | undefined> {
  try {
    const name = (JSON.parse(await readFile(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
