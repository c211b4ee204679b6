// `ship ci github`: writes .github/workflows/ship.yml at the repository root
// (deploy on push to the default branch, a preview per pull request, destroy
// when it closes; OIDC, no stored keys). validate (config, git repository,
// flags) → execute (write, never over a different file without --force) →
// next steps (the role, commit and push).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { checkBranch } from '../ci/github-trust.js';
import { githubWorkflow, roleVariable, workflowPath } from '../ci/github-workflow.js';
import { loadConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import { environmentFromBranch } from '../ops/environment-name.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, ciGithubFlags } from './index.js';
import { nextSteps } from './service-target.js';

const roleArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export default async function ciGithub(
  args: CommandArgs<typeof ciGithubFlags>,
  io: CommandIo,
): Promise<void> {
  const loaded = await loadConfig(
    { config: args.config, ...(args.region ? { region: args.region } : {}) },
    io.env,
    io.cwd,
  );
  const roleArn = args['role-arn'];
  if (roleArn !== undefined && !roleArnPattern.test(roleArn)) {
    throw new UserError(
      `--role-arn ${JSON.stringify(roleArn)}: expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
      '`ship ci role` prints the ARN of the role it creates',
    );
  }
  const configDir = dirname(loaded.path);
  // --print needs no repository: the config's folder stands for its root.
  const root = args.print
    ? (git(configDir, ['rev-parse', '--show-toplevel']) ?? configDir)
    : gitRoot(configDir);
  const branch = checkBranch(args.branch ?? defaultBranch(root));
  const text = githubWorkflow({
    app: loaded.config.app,
    region: loaded.config.region,
    branch,
    environment: environmentFromBranch(branch),
    ...(roleArn ? { roleArn } : {}),
    workingDirectory: relative(root, configDir) || '.',
    ...(basename(loaded.path) === 'ship.config.json' ? {} : { configFile: basename(loaded.path) }),
  });
  if (args.print) {
    io.stdout.write(text);
    return;
  }
  const target = join(root, workflowPath);
  const shown = relative(io.cwd, target) || target;
  const existing = await readFile(target, 'utf8').catch(() => undefined);
  if (existing === text) {
    io.stdout.write(`${shown}\n`);
    io.stderr.write(`${shown} is already up to date\n`);
    return;
  }
  if (existing !== undefined && !args.force) {
    throw new UserError(
      `${shown} already exists and differs from what ship would write`,
      'compare with `ship ci github --print`, then pass --force to replace it',
    );
  }
  await mkdir(dirname(target), { recursive: true });
  // Write beside it and rename, so an interrupted run leaves no half-written workflow.
  const temporary = `${target}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, target);
  io.stdout.write(`${shown}\n`);
  io.stderr.write(
    `wrote ${shown}: pushes to ${branch} deploy ${loaded.config.app} · ${environmentFromBranch(branch)}; ` +
      'each pull request gets a preview environment pr-<number>, destroyed when it closes\n',
  );
  if (!existsSync(join(root, 'package-lock.json')) && !existsSync(join(configDir, 'package-lock.json'))) {
    io.stderr.write(
      `  note: no package-lock.json at the repository root; the workflow runs \`npm ci\` there\n`,
    );
  }
  io.stderr.write(
    nextSteps(
      ...(roleArn
        ? []
        : [
            `ship ci role --repo OWNER/NAME, then set the repository variable ${roleVariable} to the ARN it prints`,
          ]),
      `git add ${workflowPath} && git commit && git push`,
    ),
  );
}

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function gitRoot(dir: string): string {
  const root = git(dir, ['rev-parse', '--show-toplevel']);
  if (!root) {
    throw new UserError(
      `${dir} is not inside a git repository: the workflow goes to ${workflowPath} at the repository's root`,
      'run `git init` (and add the GitHub remote) first, or use --print',
    );
  }
  return root;
}

/** origin's default branch as git knows it (`git remote set-head origin -a`), else the current one, else main. */
function defaultBranch(root: string): string {
  const remoteHead = git(root, ['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD']);
  if (remoteHead?.startsWith('origin/')) return remoteHead.slice('origin/'.length);
  const current = git(root, ['symbolic-ref', '--short', '-q', 'HEAD']);
  return current || 'main';
}
