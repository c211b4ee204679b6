// Plan and apply walk the reconcile table (resource-table.ts) the same way:
// `ship plan` judges each entry's observed value (planResources) without
// changing anything; `ship deploy` judges the same value the same way and
// does exactly that (applyResources). So the plan cannot differ from what is
// done; resource-table.int.test.ts checks the two lists are equal.
import { errorName } from '../aws/aws-context.js';
import { ownerOf, resourceArns } from '../deploy/naming.js';
import type { Found, ResourceKind, ResourceStep } from '../deploy/plan.js';
import { UserError } from '../errors.js';
import { backoffDelay, sleep } from '../wait/backoff.js';
import type { Observation } from './observe.js';
import type { Entry, Reconcile, TableContext } from './resource-entry.js';
import { repositoryEntry, resourceTable } from './resource-table.js';

export function tableContext(
  p: Omit<TableContext, 'resolved'> & { account: Observation['account'] },
): TableContext {
  const o = p.observation;
  const arns = resourceArns(p.account, p.config.region, p.names);
  return {
    ...p,
    resolved: {
      repositoryArn: o.repository?.arn || arns.repository,
      logGroupArn: o.logGroup?.arn || arns.logGroup,
      roleArn: o.role?.arn || arns.executionRole,
      infrastructureRoleArn: o.infrastructureRole?.arn || arns.infrastructureRole,
    },
  };
}

type Reconciled = Entry<unknown> & { reconcile: Reconcile<unknown> };

function judge(e: Reconciled, value: unknown, c: TableContext): Found<unknown> {
  if (value === undefined) return { state: 'missing' };
  const tags = e.held(value)[0]?.tags ?? {};
  const owner = ownerOf(tags, c.target, e.scope, c.config.region);
  return owner.state === 'ours' ? { state: 'ours', value } : owner;
}

/** A change deploy makes (or plan says it will): the same shape from both, so they can be compared. */
export interface ResourceChange {
  kind: ResourceKind;
  name: string;
  action: 'create' | 'update';
  details: string[];
}

/** The repository alone (the image is pushed before anything else is needed), or the rest deploy reconciles. */
const entriesOf = (which: 'repository' | 'rest'): Reconciled[] =>
  (which === 'repository' ? [repositoryEntry] : resourceTable.filter((e) => e !== repositoryEntry)).filter(
    (e): e is Reconciled => e.reconcile !== undefined,
  );

/** The plan's resource steps, from the observation alone. */
export function planResources(c: TableContext, which: 'repository' | 'rest'): ResourceStep[] {
  const steps: ResourceStep[] = [];
  for (const e of entriesOf(which)) {
    const r = e.reconcile;
    if (!r.wanted(c.config)) continue;
    const f = judge(e, r.observed(c.observation), c);
    const updates = f.state === 'ours' ? r.compare(f.value, c) : [];
    steps.push(
      updates.length > 0
        ? { kind: e.kind, name: r.name(c), found: f, updates }
        : { kind: e.kind, name: r.name(c), found: f },
    );
    if (f.state === 'ours') r.resolve(f.value, c);
  }
  return steps;
}

/** Creates what is missing and applies what compare found, entry by entry; returns what it did. */
export async function applyResources(
  c: TableContext,
  which: 'repository' | 'rest',
  report: (line: string) => void,
): Promise<ResourceChange[]> {
  const changes: ResourceChange[] = [];
  for (const e of entriesOf(which)) {
    const r = e.reconcile;
    if (!r.wanted(c.config)) continue;
    const name = r.name(c);
    const f = judge(e, r.observed(c.observation), c);
    if (f.state === 'foreign') {
      throw new UserError(
        `${e.kind} "${name}" exists but was not created by ship (${f.detail})`,
        'ship never changes what it did not create: pick another app name ("app" in ship.config.json) or remove it',
      );
    }
    let value: unknown;
    if (f.state === 'missing') {
      value = await createOrAdopt(e, c);
      r.resolve(value, c);
      report(r.created(value, c));
      // A fresh resource gets the rest of its settings (lifecycle policy, ingress, permissions) at once.
      if (r.compare(value, c).length > 0) await r.update(value, c);
      changes.push({ kind: e.kind, name, action: 'create', details: [] });
    } else {
      value = f.value;
      r.resolve(value, c);
      const details = r.compare(value, c);
      if (details.length > 0) {
        await r.update(value, c);
        report(`updated ${e.kind} ${name}: ${details.join('; ')}`);
        changes.push({ kind: e.kind, name, action: 'update', details });
      }
    }
  }
  return changes;
}

/** The plan's steps as the same changes applyResources reports. */
export function plannedChanges(steps: ResourceStep[]): ResourceChange[] {
  return steps.flatMap((s): ResourceChange[] =>
    s.found.state === 'missing'
      ? [{ kind: s.kind, name: s.name, action: 'create', details: [] }]
      : s.found.state === 'ours' && s.updates?.length
        ? [{ kind: s.kind, name: s.name, action: 'update', details: s.updates }]
        : [],
  );
}

/** Created only when missing; an "already exists" race (or a not-yet-visible earlier create) adopts it if it is ours. */
async function createOrAdopt(e: Reconciled, c: TableContext): Promise<unknown> {
  try {
    return await e.reconcile.create(c);
  } catch (error) {
    if (!e.reconcile.adopt || !/AlreadyExists|Duplicate/i.test(errorName(error))) throw error;
    const where = {
      context: c.context,
      target: c.target,
      names: c.names,
      region: c.config.region,
      vpcId: c.observation.network.vpcId,
    };
    for (let attempt = 0; attempt < 8; attempt++) {
      const existing = await e.find(where, () => undefined);
      if (existing !== undefined) {
        if (judge(e, existing, c).state !== 'ours') {
          throw new UserError(
            `${e.kind} "${e.reconcile.name(c)}" exists but was not created by ship for this app`,
            'rename the app or remove it',
          );
        }
        return existing;
      }
      // Eventually consistent reads: the resource exists but is not visible yet.
      await sleep(backoffDelay({ baseMs: 200, maxMs: 30_000 }, attempt));
    }
    throw error;
  }
}
