// Reads ship.config.json (the I/O edge of the config) and validates it with
// the flag overrides. A missing file is a UserError that says how to make one.
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { type ConfigFlagValues, overridesFromFlags } from './flags.js';
import { type ParsedConfig, parseConfig } from './parse-config.js';

export interface LoadedConfig extends ParsedConfig {
  /** Absolute path of the config file. */
  path: string;
  /** The app directory, resolved against the config file's folder. */
  appDir: string;
}

export async function loadConfig(
  flags: ConfigFlagValues,
  env = process.env,
  cwd = process.cwd(),
): Promise<LoadedConfig> {
  const path = resolve(cwd, flags.config ?? 'ship.config.json');
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`${shown}: no such file`, 'run `ship init` to write one, or pass --config <file>');
    }
    throw new UserError(`${shown}: cannot read it: ${(error as Error).message}`);
  }
  const parsed = parseConfig(text, {
    file: shown,
    overrides: overridesFromFlags(flags),
    defaultRegion: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
  });
  return { ...parsed, path, appDir: resolve(path, '..', parsed.config.appDir) };
}
