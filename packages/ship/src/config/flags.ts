// How the flags of the commands that read ship.config.json (declared in
// src/commands/index.ts) turn into config overrides. Flags win over the file.
import { UserError } from '../errors.js';
import type { ConfigOverrides } from './parse-config.js';

export interface ConfigFlagValues {
  config?: string;
  env?: string;
  region?: string;
  profile?: string;
  cpu?: string;
  memory?: string;
  platform?: string;
  json?: boolean;
}

export function overridesFromFlags(flags: ConfigFlagValues): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  if (flags.cpu !== undefined)
    overrides.cpu = {
      value: integerFlag('--cpu', flags.cpu, 'CPU units such as 256 or 1024'),
      flag: '--cpu',
    };
  if (flags.memory !== undefined) {
    overrides.memory = {
      value: integerFlag('--memory', flags.memory, 'MiB such as 512 or 2048'),
      flag: '--memory',
    };
  }
  if (flags.platform !== undefined)
    overrides.platform = { value: platformFlag(flags.platform), flag: '--platform' };
  if (flags.region !== undefined) overrides.region = { value: flags.region, flag: '--region' };
  if (flags.env !== undefined) overrides.environment = { value: flags.env, flag: '--env' };
  return overrides;
}

function integerFlag(flag: string, raw: string, expected: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new UserError(`${flag} ${raw}: expected ${expected}`);
  return Number(raw);
}

const platforms: Record<string, string> = {
  x86_64: 'X86_64',
  amd64: 'X86_64',
  'linux/amd64': 'X86_64',
  arm64: 'ARM64',
  aarch64: 'ARM64',
  'linux/arm64': 'ARM64',
};

/** Accepts ECS's names and the OCI ones the build uses; anything else is passed on for the schema to refuse. */
function platformFlag(raw: string): string {
  return platforms[raw.toLowerCase()] ?? raw;
}

/** The OCI platform the image is built for. */
export const ociPlatform = (platform: 'X86_64' | 'ARM64'): string =>
  platform === 'ARM64' ? 'linux/arm64' : 'linux/amd64';
