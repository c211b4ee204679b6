// Per-branch environments: `master`/`main` → production, `develop` → beta,
// anything else → its sanitised branch name (`feature/login-form` →
// `feature-login-form`). An environment name ends up inside ECS service and
// ELB target-group names (a target group allows 32 characters of [A-Za-z0-9-],
// shared with the app name), so names are lowercase [a-z0-9-] and at most
// `maxEnvironmentLength` long; a longer branch keeps a short hash so two long
// branches with the same start still get different environments. The rules
// for a valid name and the shortening are deploy's (src/deploy/naming.ts).
import { checkName, fit } from '../deploy/naming.js';
import { UserError } from '../errors.js';

export const maxEnvironmentLength = 20;

const wellKnown: Record<string, string> = {
  master: 'production',
  main: 'production',
  production: 'production',
  develop: 'beta',
  development: 'beta',
};

export function environmentFromBranch(branch: string): string {
  const name = branch.trim().replace(/^refs\/heads\//, '');
  const known = wellKnown[name];
  if (known) return known;
  const sanitised = sanitise(name);
  if (sanitised.length < 2) {
    throw new UserError(
      `branch ${JSON.stringify(branch)} gives no usable environment name`,
      'pass one explicitly, e.g. `--env beta`',
    );
  }
  return fit(sanitised, maxEnvironmentLength);
}

/** Checks a name given with `--env` (or `environment` in the config) as it is, without renaming it. */
export function checkEnvironmentName(name: string, source = '--env'): string {
  const problem = checkName(name, maxEnvironmentLength);
  if (problem === undefined) return name;
  let suggestion = 'beta';
  try {
    suggestion = environmentFromBranch(name);
  } catch {
    // nothing usable in the name: suggest a common one
  }
  throw new UserError(
    `${source} ${JSON.stringify(name)}: an environment name ${problem}`,
    `use \`${source === '--env' ? '--env ' : ''}${suggestion}\``,
  );
}

function sanitise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
}
