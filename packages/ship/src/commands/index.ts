// Every command, its flags and positionals, in one table: the parser, the
// help and the tests (test/commands/unknown-flags.test.ts) all read it. Each
// command's code is imported only when it runs, so `ship --help` loads no
// AWS SDK and one command's dependencies are not loaded by another.
import type { CommandIo } from './command-io.js';
import type { FlagSpecs, FlagValues, PositionalSpec } from './parse-args.js';

export interface CommandSpec<F extends FlagSpecs = FlagSpecs> {
  /** `deploy`, or `env list` for a subcommand. */
  name: string;
  summary: string;
  /** More than the summary, for `ship <command> --help`. */
  description?: string;
  positionals?: readonly PositionalSpec[];
  flags: F;
  /** Returns the exit code (0 when it returns nothing); throws a UserError for the user's mistakes. */
  load: () => Promise<{ default: CommandRun<never> }>;
}

export type CommandArgs<F extends FlagSpecs> = FlagValues<F> & { positionals: string[] };
export type CommandRun<F extends FlagSpecs | never> = (
  args: [F] extends [never] ? never : CommandArgs<F & FlagSpecs>,
  io: CommandIo,
) => Promise<number | undefined> | Promise<void>;

const spec = <F extends FlagSpecs>(command: CommandSpec<F>): CommandSpec<F> => command;

/** The flags of the commands that read ship.config.json to deploy. */
export const configFlags = {
  config: {
    type: 'string',
    default: 'ship.config.json',
    placeholder: '<file>',
    description: 'Path to the config file',
  },
  env: {
    type: 'string',
    placeholder: '<name>',
    description:
      'Environment (overrides "environment"; default: from the git branch: main → production, develop → beta)',
  },
  region: {
    type: 'string',
    placeholder: '<region>',
    description: 'AWS region (overrides "region"; else AWS_REGION, else us-east-1)',
  },
  profile: {
    type: 'string',
    placeholder: '<name>',
    description: 'AWS profile from the shared config files (else the standard chain)',
  },
  cpu: {
    type: 'string',
    placeholder: '<units>',
    description: 'Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192, 16384',
  },
  memory: {
    type: 'string',
    placeholder: '<MiB>',
    description: 'Memory in MiB, valid for the CPU (e.g. 512, 1024, 2048)',
  },
  platform: {
    type: 'string',
    placeholder: '<arch>',
    description: 'X86_64 or ARM64 (also linux/amd64, linux/arm64)',
  },
  json: { type: 'boolean', description: 'Print a machine-readable result on stdout' },
} as const satisfies FlagSpecs;

/** The flags of the commands that operate on a deployed environment. */
export const targetFlags = {
  config: {
    type: 'string',
    default: 'ship.config.json',
    placeholder: '<file>',
    description: 'Path to ship.config.json',
  },
  env: {
    type: 'string',
    placeholder: '<name>',
    description: 'Environment (default: from the git branch: main → production, develop → beta)',
  },
  region: {
    type: 'string',
    placeholder: '<region>',
    description: 'AWS region (default: the config, then AWS_REGION)',
  },
  profile: {
    type: 'string',
    placeholder: '<name>',
    description: 'AWS profile (default: the standard credential chain)',
  },
} as const satisfies FlagSpecs;

const json = { type: 'boolean', description: 'Print the result as JSON on stdout' } as const;
const timeout = (what: string) =>
  ({
    type: 'string',
    default: '20',
    placeholder: '<minutes>',
    description: `Minutes to wait ${what}`,
  }) as const;

export const buildFlags = {
  repo: {
    type: 'string',
    placeholder: '<registry>/<repository>',
    description:
      'Push to <registry>/<repository>, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ebov-dash',
  },
  output: {
    type: 'string',
    placeholder: '<target>',
    description: 'Write locally instead: oci-archive:FILE (for `podman load`) or oci-layout:DIR',
  },
  platform: {
    type: 'string',
    default: 'linux/amd64',
    placeholder: '<os/arch>',
    description: 'linux/amd64 or linux/arm64',
  },
  base: {
    type: 'string',
    placeholder: '<image>',
    description: 'Base image (default: node slim, pinned by digest)',
  },
  tag: {
    type: 'string',
    multiple: true,
    placeholder: '<tag>',
    description: 'Extra tag (repeatable); the tag <branch>-<sha>[-dirty-<hash>] is always added',
  },
  'data-file': {
    type: 'string',
    multiple: true,
    placeholder: '<file>',
    description: 'A data file to bake in at /app/data/<name> (repeatable)',
  },
  'data-env': {
    type: 'string',
    placeholder: '<name>',
    description:
      'Environment variable that gets the first data file path (default: build.dataEnv in ship.config.json)',
  },
  port: {
    type: 'string',
    default: '8080',
    placeholder: '<port>',
    description: 'Port the app listens on (sets PORT and EXPOSE)',
  },
  format: {
    type: 'string',
    default: 'oci',
    placeholder: '<format>',
    description: 'Manifest media types: oci or docker',
  },
  insecure: {
    type: 'boolean',
    description: 'Plain HTTP to the --repo registry (and to a --base on loopback or the same host)',
  },
  profile: { type: 'string', placeholder: '<name>', description: 'AWS profile for Amazon ECR logins' },
  json,
} as const satisfies FlagSpecs;

export const build = spec({
  name: 'build',
  summary: 'Build a reproducible OCI image from a Node app (no Docker daemon) and push or write it',
  description:
    'Pushes to --repo, or writes the image with --output. Prints the image reference by digest. Registry login: SHIP_REGISTRY_USERNAME + SHIP_REGISTRY_PASSWORD, else `docker login`/`podman login` files, else AWS credentials for ECR; SOURCE_DATE_EPOCH sets the timestamps.',
  positionals: [
    {
      name: 'dir',
      description: 'App directory (default: .); its ship.config.json "build" block, if any, is read',
    },
  ],
  flags: buildFlags,
  load: () => import('./build.js'),
});

export const pushFlags = {
  repo: {
    type: 'string',
    placeholder: '<registry>/<repository>',
    description: '<registry>/<repository> to push to (required)',
  },
  tag: {
    type: 'string',
    multiple: true,
    placeholder: '<tag>',
    description: 'Tag to push (repeatable; default: the tag the build recorded)',
  },
  insecure: { type: 'boolean', description: 'Plain HTTP (a local registry)' },
  profile: { type: 'string', placeholder: '<name>', description: 'AWS profile for Amazon ECR logins' },
  json,
} as const satisfies FlagSpecs;

export const push = spec({
  name: 'push',
  summary: 'Push an image written by `ship build --output` to a registry',
  description:
    'Prints the reference by digest. Registry login as for `ship build`: SHIP_REGISTRY_USERNAME + SHIP_REGISTRY_PASSWORD, else `docker login`/`podman login` files, else AWS credentials for ECR.',
  positionals: [{ name: 'source', required: true, description: 'oci-archive:FILE or oci-layout:DIR' }],
  flags: pushFlags,
  load: () => import('./push.js'),
});

export const initFlags = {
  dir: {
    type: 'string',
    placeholder: '<dir>',
    description:
      'App directory; the config is written there (default: packages/dashboard in this repository, else .)',
  },
  config: {
    type: 'string',
    placeholder: '<file>',
    description: 'Where to write the config (default: ship.config.json in --dir, else here)',
  },
  env: {
    type: 'string',
    placeholder: '<name>',
    description: 'Pin every deploy to this environment (default: none, the git branch decides)',
  },
  force: { type: 'boolean', description: 'Overwrite an existing config file' },
} as const satisfies FlagSpecs;

export const init = spec({
  name: 'init',
  summary: 'Write ship.config.json with defaults detected from the app',
  flags: initFlags,
  load: () => import('./init.js'),
});

export const planFlags = {
  ...configFlags,
  image: {
    type: 'string',
    placeholder: '<reference>',
    description: 'Plan for this image instead of building the app',
  },
} as const satisfies FlagSpecs;

export const plan = spec({
  name: 'plan',
  summary: 'Show what `ship deploy` would create and change, and what it costs; change nothing',
  flags: planFlags,
  load: () => import('./plan.js'),
});

export const deployFlags = {
  ...configFlags,
  image: {
    type: 'string',
    placeholder: '<reference>',
    description: 'Deploy this image instead of building (registry/repo@sha256:… or :tag)',
  },
  yes: { type: 'boolean', short: 'y', description: 'Do not ask before creating resources' },
  wait: {
    type: 'boolean',
    default: true,
    negatable: true,
    description: 'Wait until the rollout completes; --no-wait returns once ECS accepted the update',
  },
  timeout: timeout('for the rollout'),
} as const satisfies FlagSpecs;

export const deploy = spec({
  name: 'deploy',
  summary: 'Build and push the app, ensure its AWS resources, roll out and wait until it is healthy',
  description:
    'Builds and pushes the app (unless --image), ensures its AWS resources, registers a task definition if it changed, updates the service and waits until it is healthy.',
  flags: deployFlags,
  load: () => import('./deploy.js'),
});

export const statusFlags = {
  ...targetFlags,
  json: {
    type: 'boolean',
    description: 'Print the status as JSON on stdout (stable shape, see docs/ship.md)',
  },
} as const satisfies FlagSpecs;

export const status = spec({
  name: 'status',
  summary: 'Show the service: tasks, deployments, events, target health, URL, cost',
  flags: statusFlags,
  load: () => import('./status.js'),
});

export const logsFlags = {
  ...targetFlags,
  since: {
    type: 'string',
    default: '10m',
    placeholder: '<when>',
    description: 'From when: 30s, 10m, 2h, 1h30m, 3d, or an ISO date/time',
  },
  follow: { type: 'boolean', short: 'f', description: 'Keep printing new lines until interrupted (Ctrl-C)' },
  filter: {
    type: 'string',
    placeholder: '<pattern>',
    description: 'CloudWatch Logs filter pattern, e.g. ERROR or "GET /api"',
  },
  limit: {
    type: 'string',
    default: '1000',
    placeholder: '<lines>',
    description: 'At most this many lines, the newest, before following',
  },
  interval: {
    type: 'string',
    default: '2',
    placeholder: '<seconds>',
    description: 'Seconds between polls with --follow',
  },
} as const satisfies FlagSpecs;

export const logs = spec({
  name: 'logs',
  summary: "Show the environment's logs (CloudWatch Logs); --follow to keep printing",
  flags: logsFlags,
  load: () => import('./logs.js'),
});

export const rollbackFlags = {
  ...targetFlags,
  to: {
    type: 'string',
    placeholder: '<revision>',
    description: 'Revision to go back to, e.g. 12 or <family>:12',
  },
  wait: {
    type: 'boolean',
    default: true,
    negatable: true,
    description: 'Wait until the rollback completes; --no-wait returns once ECS accepted the update',
  },
  timeout: timeout('for the rollback to complete'),
  json,
} as const satisfies FlagSpecs;

export const rollback = spec({
  name: 'rollback',
  summary: 'Go back to an earlier revision (default: the last that completed) and wait until it runs',
  flags: rollbackFlags,
  load: () => import('./rollback.js'),
});

const confirmFlags = {
  yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation' },
  timeout: timeout('for each resource to be gone'),
  json: { type: 'boolean', description: 'Print what was deleted as JSON on stdout' },
} as const satisfies FlagSpecs;

export const envListFlags = {
  ...targetFlags,
  json: { type: 'boolean', description: 'Print the list as JSON on stdout' },
} as const satisfies FlagSpecs;

export const envList = spec({
  name: 'env list',
  summary: "List the app's environments with their state",
  flags: envListFlags,
  load: () => import('./env-list.js'),
});

export const envDeleteFlags = { ...targetFlags, ...confirmFlags } as const satisfies FlagSpecs;

export const envDelete = spec({
  name: 'env delete',
  summary: 'Delete an environment (its service, target group, …) in one command',
  positionals: [{ name: 'name', required: true, description: 'Environment to delete, e.g. feature-login' }],
  flags: envDeleteFlags,
  load: () => import('./env-delete.js'),
});

export const destroyFlags = { ...targetFlags, ...confirmFlags } as const satisfies FlagSpecs;

export const destroy = spec({
  name: 'destroy',
  summary: "Delete an environment's resources (and the app's shared ones with its last environment)",
  description:
    'Names the environment it will delete and asks you to type it; without a terminal it needs --env and --yes.',
  flags: destroyFlags,
  load: () => import('./destroy.js'),
});

export const ciGithubFlags = {
  config: {
    type: 'string',
    default: 'ship.config.json',
    placeholder: '<file>',
    description: 'Path to ship.config.json',
  },
  region: {
    type: 'string',
    placeholder: '<region>',
    description: 'AWS region (default: the config, then AWS_REGION)',
  },
  branch: {
    type: 'string',
    placeholder: '<branch>',
    description: "Branch whose pushes deploy (default: the repository's default branch, else main)",
  },
  'role-arn': {
    type: 'string',
    placeholder: '<arn>',
    description: 'Role to assume (default: the repository variable SHIP_ROLE_ARN); see `ship ci role`',
  },
  force: { type: 'boolean', description: 'Overwrite a different existing workflow file' },
  print: { type: 'boolean', description: 'Print the workflow on stdout instead of writing it' },
} as const satisfies FlagSpecs;

export const ciGithub = spec({
  name: 'ci github',
  summary:
    'Write .github/workflows/ship.yml: deploy on push, a preview per pull request, destroy when it closes',
  flags: ciGithubFlags,
  load: () => import('./ci-github.js'),
});

export const ciRoleFlags = {
  repo: {
    type: 'string',
    placeholder: '<owner/name>',
    description: 'GitHub repository allowed to assume it: OWNER/NAME (required)',
  },
  branch: {
    type: 'string',
    multiple: true,
    placeholder: '<branch>',
    description: 'Branch whose pushes may deploy (repeatable; default: the current branch, else main)',
  },
  'pull-requests': {
    type: 'boolean',
    default: true,
    negatable: true,
    description:
      'Let pull request runs assume it (preview environments); --no-pull-requests: only the branches given',
  },
  name: { type: 'string', placeholder: '<role>', description: 'Role name (default: ship-ci-<app>)' },
  print: { type: 'boolean', description: 'Print the role, trust and policy as JSON; change nothing' },
  config: {
    type: 'string',
    default: 'ship.config.json',
    placeholder: '<file>',
    description: 'Path to ship.config.json',
  },
  region: {
    type: 'string',
    placeholder: '<region>',
    description: 'AWS region (default: the config, then AWS_REGION)',
  },
  profile: {
    type: 'string',
    placeholder: '<name>',
    description: 'AWS profile (default: the standard credential chain)',
  },
} as const satisfies FlagSpecs;

export const ciRole = spec({
  name: 'ci role',
  summary:
    'Create (or --print) the IAM role the GitHub workflow assumes: least privilege for deploy and destroy',
  flags: ciRoleFlags,
  load: () => import('./ci-role.js'),
});

/** In the order `ship --help` lists them. */
export const commands: readonly CommandSpec[] = [
  build,
  push,
  init,
  plan,
  deploy,
  status,
  logs,
  rollback,
  envList,
  envDelete,
  destroy,
  ciGithub,
  ciRole,
] as unknown as readonly CommandSpec[];
