// Which app, environment and AWS account/region an operating command (status,
// logs, rollback, env, destroy) works on: ship.config.json (read with
// deploy's parseConfig), `--env` or the git branch, `--region`, `--profile`.
// Not a command itself; shared by those command files.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type AwsContext, awsContext } from '../aws/aws-context.js';
import { parseConfig } from '../config/parse-config.js';
import type { ShipConfig } from '../config/schema.js';
import { type ResourceNames, resourceNames, shipTags } from '../deploy/naming.js';
import { UserError } from '../errors.js';
import { resolveEnvironment } from '../ops/environment-name.js';

/** The flags every operating command takes. */
export const targetArgs = {
  config: { type: 'string', default: 'ship.config.json', description: 'Path to ship.config.json' },
  env: {
    type: 'string',
    description: 'Environment (default: from the git branch: main → production, develop → beta)',
  },
  region: { type: 'string', description: 'AWS region (default: the config, then AWS_REGION)' },
  profile: { type: 'string', description: 'AWS profile (default: the standard credential chain)' },
} as const;

export interface TargetFlags {
  config?: string | undefined;
  env?: string | undefined;
  region?: string | undefined;
  profile?: string | undefined;
}

export interface ServiceTarget {
  config: ShipConfig;
  app: string;
  env: string;
  names: ResourceNames;
  context: AwsContext;
  tags: Record<string, string>;
}

export async function resolveServiceTarget(flags: TargetFlags): Promise<ServiceTarget> {
  const file = flags.config ?? 'ship.config.json';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`${file}: not found`, 'run `ship init` to write one, or pass --config <path>');
  }
  const { config } = parseConfig(text, {
    file,
    defaultRegion: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    overrides: flags.region ? { region: { value: flags.region, flag: '--region' } } : {},
  });
  const env = resolveEnvironment({
    flag: flags.env,
    config: setsEnvironment(text) ? config.environment : undefined,
    branch: currentBranch(dirname(resolve(file))),
    fallback: config.environment,
  });
  const target = { app: config.app, env };
  return {
    config: { ...config, environment: env },
    app: config.app,
    env,
    names: resourceNames(target),
    context: awsContext({ region: config.region, profile: flags.profile }),
    tags: shipTags(target, 'env'),
  };
}

/** Whether the file names an environment itself (the schema fills in a default otherwise). */
function setsEnvironment(text: string): boolean {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    return typeof raw.environment === 'string';
  } catch {
    return false;
  }
}

/** The git branch of `dir` (CI variables first: CI checkouts are often a detached HEAD). */
export function currentBranch(dir: string, env = process.env): string | undefined {
  const fromCi = env.SHIP_BRANCH ?? env.GITHUB_HEAD_REF ?? env.GITHUB_REF_NAME ?? env.CI_COMMIT_REF_NAME;
  if (fromCi) return fromCi;
  try {
    const branch = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return branch && branch !== 'HEAD' ? branch : undefined;
  } catch {
    return undefined;
  }
}

/** The next steps line commands end with. */
export function nextSteps(...steps: string[]): string {
  return `next: ${steps.join('  ·  ')}\n`;
}
