// The build settings an app keeps beside its code: the "build" block of the ship.config.json in
// the app directory (start command, data files, the variable naming the data file). Optional:
// an app without one builds from its package.json alone. Data file paths are relative to the file.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseConfig } from '../config/parse-config.js';
import type { BuildConfig } from '../config/schema.js';
import { UserError } from '../errors.js';

export interface BuildSettings extends BuildConfig {
  /** The config file the settings came from, if any. */
  file?: string;
}

export async function readBuildSettings(appDir: string): Promise<BuildSettings> {
  const file = join(resolve(appDir), 'ship.config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UserError(`${file}: cannot read it: ${(error as Error).message}`);
  }
  const build = parseConfig(text, { file, defaultRegion: 'us-east-1' }).config.build ?? {};
  return {
    file,
    ...build,
    ...(build.dataFiles ? { dataFiles: build.dataFiles.map((path) => resolve(dirname(file), path)) } : {}),
  };
}
