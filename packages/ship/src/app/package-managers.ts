// Which package manager installs the app's production dependencies, at which version, with which
// command: each lockfile is installed by its own tool so that the locked versions are used as they
// are, never re-resolved. npm comes with node; pnpm and yarn are fetched from the npm registry by
// `npm exec` at the version the project names (package.json "packageManager") or, failing that,
// the major version that writes the lockfile's format. Install scripts never run, with any tool.
// Pure, apart from nothing: the caller reads the files.
import { UserError } from '../errors.js';

export type LockfileKind = 'npm' | 'pnpm' | 'yarn';

/** Lockfile names in the order they are looked for in one directory. */
export const LOCKFILE_NAMES: readonly (readonly [string, LockfileKind | 'bun'])[] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];

export interface Lockfile {
  kind: LockfileKind;
  /** File name, e.g. pnpm-lock.yaml */
  name: string;
  /** npm package spec of the tool, e.g. pnpm@9.15.0; 'npm' for npm itself. */
  tool: string;
}

/** `pnpm@9.15.0+sha512.abc` → `pnpm@9.15.0` when it names `tool`. */
function fromPackageManager(packageManager: unknown, tool: string): string | undefined {
  if (typeof packageManager !== 'string') return undefined;
  const match = /^([a-z]+)@(\d+\.\d+\.\d+[\w.-]*)/.exec(packageManager);
  return match?.[1] === tool ? `${tool}@${match[2]}` : undefined;
}

/** The tool for a lockfile found at `path` with text `text`; refuses formats ship cannot install exactly. */
export function lockfileTool(
  name: string,
  kind: LockfileKind | 'bun',
  text: string,
  packageManager: unknown,
  path: string,
): Lockfile {
  if (kind === 'npm') return { kind, name, tool: 'npm' };
  if (kind === 'pnpm') {
    const declared = fromPackageManager(packageManager, 'pnpm');
    if (declared) return { kind, name, tool: declared };
    const version = /^lockfileVersion:\s*'?(\d+)(?:\.\d+)?'?/m.exec(text)?.[1];
    const major = version === '9' ? '9' : version === '6' ? '8' : version === '5' ? '7' : undefined;
    if (!major)
      throw new UserError(
        `${path}: lockfileVersion ${version ?? '(none)'} is not one ship knows which pnpm writes`,
        'name the pnpm version in package.json, e.g. "packageManager": "pnpm@9.15.0"',
      );
    return { kind, name, tool: `pnpm@${major}` };
  }
  if (kind === 'yarn') {
    if (!text.includes('# yarn lockfile v1'))
      throw new UserError(
        `${path}: a Yarn 2+ (berry) lockfile; ship installs yarn.lock v1 (Yarn classic), package-lock.json and pnpm-lock.yaml`,
        'build this image with a Dockerfile that runs `yarn install --immutable`, or switch the app to one of those lockfiles',
      );
    return { kind, name, tool: fromPackageManager(packageManager, 'yarn') ?? 'yarn@1' };
  }
  throw new UserError(
    `${path}: the dependencies are locked by bun, and ship installs only from package-lock.json, pnpm-lock.yaml or yarn.lock so that versions are never re-resolved`,
    'create a package-lock.json deliberately (`npm install --package-lock-only`, then review the versions it picked), or build the image with bun in a Dockerfile',
  );
}

export interface InstallCommand {
  command: 'npm';
  args: string[];
  /** Shown in errors, e.g. "pnpm install --frozen-lockfile --prod". */
  shown: string;
}

/** The production install for a lockfile; `workspace` is the app's package name when it is a workspace member. */
export function installCommand(
  lock: Lockfile,
  options: { workspace?: string; cpu?: 'x64' | 'arm64' },
): InstallCommand {
  if (lock.kind === 'npm') {
    const args = ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
    if (options.workspace) args.push(`--workspace=${options.workspace}`, '--include-workspace-root=false');
    if (options.cpu) args.push('--os=linux', `--cpu=${options.cpu}`);
    return { command: 'npm', args, shown: 'npm ci --omit=dev' };
  }
  const exec = ['exec', '--yes', `--package=${lock.tool}`, '--'];
  if (lock.kind === 'pnpm') {
    // node-linker=hoisted: a flat node_modules as npm lays it out (no links into a store outside it).
    const pnpm = [
      'pnpm',
      'install',
      '--frozen-lockfile',
      '--prod',
      '--ignore-scripts',
      '--config.node-linker=hoisted',
    ];
    if (options.workspace) pnpm.push('--filter', `${options.workspace}...`);
    if (options.cpu)
      pnpm.push(
        '--config.supported-architectures.os=linux',
        `--config.supported-architectures.cpu=${options.cpu}`,
      );
    return {
      command: 'npm',
      args: [...exec, ...pnpm],
      shown: `${lock.tool} install --frozen-lockfile --prod`,
    };
  }
  const yarn = [
    'yarn',
    'install',
    '--frozen-lockfile',
    '--production',
    '--ignore-scripts',
    '--non-interactive',
    '--no-progress',
  ];
  return {
    command: 'npm',
    args: [...exec, ...yarn],
    shown: `${lock.tool} install --frozen-lockfile --production`,
  };
}
