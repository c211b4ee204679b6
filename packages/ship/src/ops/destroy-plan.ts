// `ship destroy`: what to delete, in which order, from an inventory of the
// resources ship tagged (`ship:app`, `ship:env`). Only this app's resources
// are considered; an environment's own resources go first, in dependency
// order; the app's shared resources (cluster, load balancer, repository,
// execution role, …) go only when no other environment is left. Run against
// a fresh inventory, the plan of a half-finished destroy is what remains.

export type ResourceKind =
  | 'dns-record'
  | 'scaling-policy'
  | 'scalable-target'
  | 'service'
  | 'listener-rule'
  | 'target-group'
  | 'task-definition'
  | 'security-group'
  | 'listener'
  | 'load-balancer'
  | 'cluster'
  | 'repository'
  | 'log-group'
  | 'role'
  | 'certificate';

export interface TaggedResource {
  kind: ResourceKind;
  /** What the delete call takes: an ARN, a group id, a name. */
  id: string;
  /** What a person recognises. */
  name: string;
  tags: Readonly<Record<string, string>>;
}

export interface DestroyStep {
  kind: ResourceKind;
  id: string;
  name: string;
  /** `app` for a resource shared by the app's environments. */
  scope: 'env' | 'app';
  description: string;
}

export interface DestroyPlan {
  app: string;
  env: string;
  /** True when no other environment of the app is left, so shared resources go too. */
  lastEnvironment: boolean;
  /** Other environments of the app that stay. */
  otherEnvironments: string[];
  steps: DestroyStep[];
}

export const appTag = 'ship:app';
export const envTag = 'ship:env';
/** `app` or `env`, set by deploy (src/deploy/naming.ts `shipTags`); it decides when it is present. */
export const scopeTag = 'ship:scope';

/** Without a scope tag: kinds every environment of an app uses belong to the app whatever their env tag says. */
const sharedKinds: ReadonlySet<ResourceKind> = new Set([
  'cluster',
  'load-balancer',
  'listener',
  'repository',
  'role',
  'certificate',
]);

/** Deletion order: a resource comes after everything that depends on it. */
const order: readonly ResourceKind[] = [
  // The environment's address goes first: its name stops leading to it before the service goes.
  'dns-record',
  'scaling-policy',
  'scalable-target',
  'service',
  'listener-rule',
  // A listener forwarding to a target group keeps it in use: listeners go first.
  'listener',
  'target-group',
  'task-definition',
  'load-balancer',
  // ACM refuses to delete a certificate a listener still uses.
  'certificate',
  'security-group',
  'cluster',
  'repository',
  'log-group',
  'role',
];

const describe: Record<ResourceKind, string> = {
  'dns-record': 'delete DNS records (alias A and its _ship TXT) of',
  certificate: 'delete certificate',
  'scaling-policy': 'delete scaling policy',
  'scalable-target': 'deregister scalable target',
  service: 'scale to 0, delete and wait for tasks to stop: service',
  'listener-rule': 'delete listener rule',
  'target-group': 'delete target group',
  'task-definition': 'deregister task definition',
  listener: 'delete listener',
  'load-balancer': 'delete load balancer and wait until gone',
  'security-group': 'delete security group once no network interface uses it',
  cluster: 'delete cluster',
  repository: 'delete repository and its images',
  'log-group': 'delete log group',
  role: 'delete role',
};

export function resourceScope(resource: TaggedResource): 'env' | 'app' {
  const scope = resource.tags[scopeTag];
  if (scope === 'app' || scope === 'env') return scope;
  if (sharedKinds.has(resource.kind)) return 'app';
  return resource.tags[envTag] ? 'env' : 'app';
}

export function planDestroy(inventory: readonly TaggedResource[], app: string, env: string): DestroyPlan {
  const mine = inventory.filter((r) => r.tags[appTag] === app);
  const others = new Set<string>();
  for (const r of mine) {
    const tagged = r.tags[envTag];
    if (resourceScope(r) === 'env' && tagged && tagged !== env) others.add(tagged);
  }
  const lastEnvironment = others.size === 0;
  const chosen = mine.filter((r) => (resourceScope(r) === 'env' ? r.tags[envTag] === env : lastEnvironment));
  const rank = (r: TaggedResource) => order.indexOf(r.kind);
  const steps = [...chosen]
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        Number(resourceScope(a) === 'app') - Number(resourceScope(b) === 'app') ||
        a.name.localeCompare(b.name),
    )
    .map((r) => ({
      kind: r.kind,
      id: r.id,
      name: r.name,
      scope: resourceScope(r),
      description: `${describe[r.kind]} ${r.name}`,
    }));
  return { app, env, lastEnvironment, otherEnvironments: [...others].sort(), steps };
}

/** The plan as lines for the confirmation prompt. */
export function renderDestroyPlan(plan: DestroyPlan): string {
  if (plan.steps.length === 0) {
    return `Nothing to destroy: no resources tagged ship:app=${plan.app} ship:env=${plan.env}.\n`;
  }
  const lines = [`Destroy ${plan.app} · ${plan.env}: ${plan.steps.length} resources, in this order:`];
  plan.steps.forEach((step, i) => {
    lines.push(
      `  ${String(i + 1).padStart(2)}. ${step.description}${step.scope === 'app' ? '  (shared)' : ''}`,
    );
  });
  lines.push(
    plan.lastEnvironment
      ? 'This is the last environment of the app: shared resources go too.'
      : `Shared resources stay for: ${plan.otherEnvironments.join(', ')}.`,
  );
  return lines.join('\n') + '\n';
}
