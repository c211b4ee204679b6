// Which app, environment and AWS account/region an operating command (status,
// logs, rollback, env, destroy) works on: ship.config.json (read with
// deploy's loadConfig), `--env` or the git branch, `--region`, `--profile`.
// Not a command itself; shared by those command files.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type AwsContext, awsContext } from '../aws/aws-context.js';
import { loadConfig } from '../config/load-config.js';
import type { ShipConfig } from '../config/schema.js';
import { type ResourceNames, resourceNames, shipTags } from '../deploy/naming.js';
import { checkEnvironmentName, environmentFromBranch } from '../ops/environment-name.js';
import type { CommandIo } from './command-io.js';

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

export async function resolveServiceTarget(
  flags: TargetFlags,
  io: Pick<CommandIo, 'env' | 'cwd'>,
): Promise<ServiceTarget> {
  if (flags.env) checkEnvironmentName(flags.env);
  const { config } = await loadConfig(await withBranchEnvironment(flags, io), io.env, io.cwd);
  const target = { app: config.app, env: config.environment };
  return {
    config,
    app: config.app,
    env: config.environment,
    names: resourceNames(target, config.region, config.target),
    context: awsContext({ region: config.region, profile: flags.profile }, io.env),
    tags: shipTags(target, 'env'),
  };
}

/**
 * `--env` defaults from the git branch (main/master → production, develop →
 * beta, feature/x → feature-x) unless ship.config.json names an environment.
 * Returns the flags with `env` filled in, for deploy's `loadConfig`; `ship
 * deploy` and `ship plan` should pass their flags through this too, so every
 * command picks the same environment.
 */
export async function withBranchEnvironment<
  T extends { config?: string | undefined; env?: string | undefined },
>(flags: T, io: Pick<CommandIo, 'env' | 'cwd'>): Promise<T> {
  if (flags.env) return flags;
  const path = resolve(io.cwd, flags.config ?? 'ship.config.json');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  // A missing or unreadable file is loadConfig's to report.
  if (text === undefined || setsEnvironment(text)) return flags;
  const branch = currentBranch(dirname(path), io.env);
  return branch ? { ...flags, env: environmentFromBranch(branch) } : flags;
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
export function currentBranch(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const fromCi = env.SHIP_BRANCH ?? env.GITHUB_HEAD_REF ?? env.GITHUB_REF_NAME ?? env.CI_COMMIT_REF_NAME;
  if (fromCi) return fromCi;
  try {
    // symbolic-ref also names the branch of a repository without commits, and fails on a detached HEAD.
    const branch = execFileSync('git', ['symbolic-ref', '--short', '-q', 'HEAD'], {
      cwd: dir,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return branch && branch !== 'HEAD' ? branch : undefined;
  } catch {
    return undefined;
  }
}

// The next-steps line lives with the other output helpers; commands import it from here too.
export { nextSteps } from '../output/next-steps.js';
