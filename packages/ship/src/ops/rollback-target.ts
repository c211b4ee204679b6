// `ship rollback [--to <revision>]`: which task-definition revision to go back
// to. By default the latest revision whose deployment completed, other than
// the one the service is now deploying or running — so a stuck or failed
// deployment of family:13 goes back to family:12 even though 13 never
// completed.
import { UserError } from '../errors.js';

export type DeploymentOutcome = 'completed' | 'in-progress' | 'failed' | 'rolled-back' | 'stopped';

export interface DeploymentRecord {
  revision: number;
  outcome: DeploymentOutcome;
  /** Epoch milliseconds the deployment started. */
  startedAt: number;
}

export interface RollbackSituation {
  family: string;
  /** The revision of the service's primary deployment (what ECS runs or is trying to run). */
  current: DeploymentRecord | undefined;
  /** Deployments the service has had, in any order (may include `current`). */
  history: readonly DeploymentRecord[];
  /** Revisions of the family still registered (ACTIVE), so they can be deployed. */
  registered: readonly number[];
  /**
   * False when AWS could not give the deployment history (only the deployments
   * DescribeServices still shows are known): then, with no completed earlier
   * deployment in sight, the revision registered before the current one is used
   * and the reason says so.
   */
  historyKnown: boolean;
}

export interface RollbackTarget {
  family: string;
  revision: number;
  /** "family:12" */
  taskDefinition: string;
  why: string;
}

export function parseRevision(input: string, family: string): number {
  const text = input.trim();
  const match = /^(?:([A-Za-z0-9_-]+):)?(\d+)$/.exec(text);
  if (!match || (match[1] !== undefined && match[1] !== family) || Number(match[2]) < 1) {
    throw new UserError(
      `--to ${JSON.stringify(input)}: expected a revision number of ${family} (e.g. 12 or ${family}:12)`,
      'run `ship status` to see the revisions deployed',
    );
  }
  return Number(match[2]);
}

export function chooseRollbackTarget(situation: RollbackSituation, to?: number): RollbackTarget {
  const { family, current, registered } = situation;
  const target = (revision: number, why: string): RollbackTarget => ({
    family,
    revision,
    taskDefinition: `${family}:${revision}`,
    why,
  });

  if (to !== undefined) {
    if (!registered.includes(to)) {
      const known = [...registered].sort((a, b) => b - a).slice(0, 8);
      throw new UserError(
        `--to ${to}: ${family}:${to} is not a registered revision`,
        known.length > 0
          ? `registered revisions: ${known.map((r) => `${family}:${r}`).join(', ')}`
          : `no revisions of ${family} are registered; deploy first with \`ship deploy\``,
      );
    }
    if (current && current.revision === to && current.outcome === 'completed') {
      throw new UserError(`${family}:${to} is already running`, 'nothing to roll back');
    }
    return target(to, 'requested with --to');
  }

  const newestFirst = [...situation.history].sort((a, b) => b.startedAt - a.startedAt);
  const previous = newestFirst.find(
    (d) => d.outcome === 'completed' && d.revision !== current?.revision && registered.includes(d.revision),
  );
  if (!previous && !situation.historyKnown && current) {
    const before = [...registered].filter((r) => r < current.revision).sort((a, b) => b - a)[0];
    if (before !== undefined) {
      return target(
        before,
        `${family}:${current.revision} is ${current.outcome}; no deployment history is available, ` +
          `so ${family}:${before}, the revision registered before it, is used`,
      );
    }
  }
  if (!previous) {
    throw new UserError(
      `no earlier revision of ${family} has a completed deployment to roll back to`,
      'pass one explicitly with `ship rollback --to <revision>`',
    );
  }
  const state = current ? `${family}:${current.revision} is ${current.outcome}` : 'no deployment is running';
  return target(previous.revision, `${state}; ${family}:${previous.revision} is the last that completed`);
}
