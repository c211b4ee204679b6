// The resources `ship deploy` keeps for an environment, one entry per kind,
// in dependency order. Each entry says where the kind's name comes from,
// which observed value is it, how it differs from what the config asks for
// (compare: the lines `ship plan` shows), and how to create, adopt and update
// it. `ship plan` walks the table without calling AWS (planResources);
// `ship deploy` walks the same table and applies exactly what compare said
// (applyResources). So the plan cannot differ from what is done; a test
// checks the two lists are equal for every resource in every state.
import { type AwsContext, errorName } from '../aws/aws-context.js';
import {
  authorizeIngress,
  createSecurityGroup,
  findSecurityGroup,
  revokeIngress,
  type SecurityGroup,
} from '../aws/ec2.js';
import {
  createRepository,
  findRepository,
  keepLastImagesPolicy,
  putLifecyclePolicy,
  type Repository,
} from '../aws/ecr.js';
import { type Cluster, createCluster } from '../aws/ecs.js';
import {
  createListener,
  createLoadBalancer,
  createTargetGroup,
  findLoadBalancer,
  findTargetGroup,
  type Listener,
  type LoadBalancer,
  modernTlsPolicy,
  redirectListenerToHttps,
  restoreFastRollout,
  setListenerCertificate,
  type TargetGroup,
} from '../aws/elbv2.js';
import { createRole, findRole, putInlinePolicy, type Role, updateTrustPolicy } from '../aws/iam.js';
import { createLogGroup, type LogGroup, setLogRetention } from '../aws/logs.js';
import type { ShipConfig } from '../config/schema.js';
import { executionPolicy, executionTrustPolicy, samePolicy } from '../deploy/execution-policy.js';
import {
  describeRule,
  type IngressRule,
  ingressChanges,
  loadBalancerIngress,
  taskIngress,
} from '../deploy/ingress-rules.js';
import {
  ownership,
  type ResourceNames,
  resourceArns,
  shipTags,
  type TagScope,
  type Target,
  tagKeys,
} from '../deploy/naming.js';
import type { Found, ResourceKind, ResourceStep } from '../deploy/plan.js';
import { UserError } from '../errors.js';
import { backoffDelay, sleep } from '../wait/backoff.js';
import { certificateEntry, dnsRecordEntry } from './domain-entries.js';
import type { Observation } from './observe.js';

/** What earlier entries produced that later ones need (ARNs, group IDs). */
export interface Resolved {
  repository?: Repository;
  repositoryArn: string;
  logGroupArn: string;
  roleArn: string;
  /** Undefined until the group exists: plan shows it as "the new load balancer security group". */
  loadBalancerGroupId?: string;
  taskGroupId?: string;
  loadBalancer?: LoadBalancer;
  targetGroupArn?: string;
  /** The app's own-domain certificate (domain-entries.ts), once issued. */
  certificateArn?: string;
}

export interface TableContext {
  context: AwsContext;
  config: ShipConfig;
  names: ResourceNames;
  target: Target;
  observation: Observation;
  resolved: Resolved;
  /** Deploy's progress lines while an entry waits (a certificate's validation); plan has none. */
  progress?: (line: string) => void;
  /** How often an entry that waits asks AWS (SHIP_POLL_INTERVAL_MS in tests). */
  pollIntervalMs?: number;
}

export interface Entry<T> {
  kind: ResourceKind;
  name(c: TableContext): string;
  /** Whose it is by its tags; `parent` for listeners, which are ship's when the load balancer is. */
  scope: TagScope | 'parent';
  /** Whether the config asks for this kind at all (listeners and ALB parts only with an ALB). */
  wanted(c: TableContext): boolean;
  observed(o: Observation, c: TableContext): T | undefined;
  /** What would bring ship's own resource in line, in words; empty when it is. */
  compare(value: T, c: TableContext): string[];
  create(c: TableContext): Promise<T>;
  /** Finds one an earlier (or concurrent) run created, when create says it exists. */
  find?(c: TableContext): Promise<T | undefined>;
  update(value: T, c: TableContext): Promise<void>;
  /** Records what later entries need. */
  resolve(value: T, c: TableContext): void;
  /** The progress line after creating it. */
  created(value: T, c: TableContext): string;
}

export const entry = <T>(e: Entry<T>): Entry<T> => e;

const ingressLines = (change: { add: IngressRule[]; remove: IngressRule[] }) => [
  ...change.add.map((r) => `allow ${describeRule(r)}`),
  ...change.remove.map((r) => `remove ${describeRule(r)}`),
];

function securityGroup(options: {
  kind: 'security group' | 'load balancer security group';
  scope: TagScope;
  name: (names: ResourceNames) => string;
  wanted: (c: TableContext) => boolean;
  observed: (o: Observation) => SecurityGroup | undefined;
  description: (names: ResourceNames) => string;
  /** Undefined when it depends on a group that does not exist yet (plan only). */
  ingress: (c: TableContext) => IngressRule[] | undefined;
  resolve: (id: string, c: TableContext) => void;
}): Entry<SecurityGroup> {
  const change = (value: SecurityGroup, c: TableContext) => {
    const wanted = options.ingress(c);
    return wanted ? ingressChanges(value.ingress, wanted) : { add: [], remove: [] };
  };
  return entry<SecurityGroup>({
    kind: options.kind,
    scope: options.scope,
    name: (c) => options.name(c.names),
    wanted: options.wanted,
    observed: options.observed,
    compare: (value, c) => {
      if (!options.ingress(c)) return ['allow traffic from the new load balancer security group'];
      return ingressLines(change(value, c));
    },
    create: async (c) => {
      const name = options.name(c.names);
      const tags = shipTags(c.target, options.scope);
      const id = await createSecurityGroup(c.context, {
        vpcId: c.observation.network.vpcId,
        name,
        description: options.description(c.names),
        tags,
      });
      return { id, name, tags, ingress: [] };
    },
    find: (c) =>
      findSecurityGroup(c.context, { vpcId: c.observation.network.vpcId, name: options.name(c.names) }),
    update: async (value, c) => {
      const { add, remove } = change(value, c);
      await authorizeIngress(c.context, value.id, add);
      await revokeIngress(c.context, value.id, remove);
    },
    resolve: (value, c) => options.resolve(value.id, c),
    created: (value, c) => `created security group ${options.name(c.names)} (${value.id})`,
  });
}

const alb = (c: TableContext) => c.config.loadBalancer === 'alb';
const https = (c: TableContext) => Boolean(c.config.certificateArn || c.config.domain);
/** The HTTPS listener's certificate: the config's own, or the one ship got for the domain. */
const certificateOf = (c: TableContext) => c.config.certificateArn ?? c.resolved.certificateArn;

/** What differs from the listener ship wants on this port: HTTPS's certificate and TLS policy, HTTP's redirect. */
function listenerDrift(port: 80 | 443, value: Listener, c: TableContext): string[] {
  if (port === 80) return https(c) && value.forwarding ? ['redirect HTTP to HTTPS (301)'] : [];
  const certificate = certificateOf(c);
  return [
    ...(certificate && value.certificateArn !== certificate
      ? [`certificate ${value.certificateArn ?? '(none)'} → ${certificate}`]
      : []),
    ...(value.sslPolicy && value.sslPolicy !== modernTlsPolicy
      ? [`TLS policy ${value.sslPolicy} → ${modernTlsPolicy}`]
      : []),
  ];
}

function listener(port: 80 | 443): Entry<Listener> {
  const forwards = (c: TableContext) => port === 443 || !https(c);
  return entry<Listener>({
    kind: 'listener',
    scope: 'parent',
    name: (c) => `${c.names.loadBalancer}:${port}`,
    wanted: (c) => alb(c) && (port === 80 || https(c)),
    observed: (o) => o.listeners.find((l) => l.port === port),
    compare: (value, c) => listenerDrift(port, value, c),
    create: async (c) => {
      const lb = c.resolved.loadBalancer;
      const targetGroupArn = c.resolved.targetGroupArn;
      if (!lb || !targetGroupArn) throw new Error('listener before its load balancer and target group');
      const tags = shipTags(c.target, 'app');
      const certificateArn = certificateOf(c);
      if (port === 443 && !certificateArn) throw new Error('HTTPS listener before its certificate');
      const spec =
        port === 443 && certificateArn
          ? ({
              port,
              protocol: 'HTTPS',
              forwardTo: targetGroupArn,
              certificateArn,
            } as const)
          : forwards(c)
            ? ({ port: 80, protocol: 'HTTP', forwardTo: targetGroupArn } as const)
            : ({ port: 80, protocol: 'HTTP', redirectToHttps: true } as const);
      const arn = await createListener(c.context, lb.arn, spec, tags);
      return {
        arn,
        port,
        protocol: spec.protocol,
        targetGroupArns: 'forwardTo' in spec ? [targetGroupArn] : [],
        forwarding: 'forwardTo' in spec,
        defaultIsVacant: false,
        ...('certificateArn' in spec
          ? { certificateArn: spec.certificateArn, sslPolicy: modernTlsPolicy }
          : {}),
      };
    },
    update: async (value, c) => {
      const certificateArn = certificateOf(c);
      if (port === 80) await redirectListenerToHttps(c.context, value.arn);
      else if (certificateArn) await setListenerCertificate(c.context, value.arn, certificateArn);
    },
    resolve: () => {},
    created: (_, c) =>
      port === 443
        ? `created HTTPS listener on ${c.names.loadBalancer}:443`
        : forwards(c)
          ? `created HTTP listener on ${c.names.loadBalancer}:80`
          : `created HTTP → HTTPS redirect on ${c.names.loadBalancer}:80`,
  });
}

const policyOf = (c: TableContext) =>
  executionPolicy({
    repositoryArn: c.resolved.repositoryArn,
    logGroupArn: c.resolved.logGroupArn,
    secretArns: Object.values(c.config.secrets),
    ...(c.config.secretsKmsKeyArn ? { secretsKmsKeyArn: c.config.secretsKmsKeyArn } : {}),
  });

const trustOf = (c: TableContext) => executionTrustPolicy(c.observation.account.accountId);

/** Whether a role's trust policy (when IAM said it) differs from the one ship writes. */
const trustDiffers = (value: Role, c: TableContext) =>
  value.trustPolicy !== undefined && !samePolicy(value.trustPolicy, trustOf(c));

/** The image repository: its own step, because the image is pushed before anything else is needed. */
export const repositoryEntry = entry<Repository & { lifecyclePolicy?: string | undefined }>({
  kind: 'image repository',
  scope: 'app',
  name: (c) => c.names.repository,
  wanted: () => true,
  observed: (o) => (o.repository ? { ...o.repository, lifecyclePolicy: o.lifecyclePolicy } : undefined),
  compare: (value, c) =>
    value.lifecyclePolicy === keepLastImagesPolicy(c.config.keepImages)
      ? []
      : [`keep the last ${c.config.keepImages} images`],
  create: (c) => createRepository(c.context, { name: c.names.repository, tags: shipTags(c.target, 'app') }),
  find: (c) => findRepository(c.context, c.names.repository),
  update: (_, c) =>
    putLifecyclePolicy(c.context, c.names.repository, keepLastImagesPolicy(c.config.keepImages)),
  resolve: (value, c) => {
    c.resolved.repository = value;
    if (value.arn) c.resolved.repositoryArn = value.arn;
  },
  created: (_, c) => `created image repository ${c.names.repository} (scan on push, immutable tags)`,
});

/** The rest, in dependency order. */
export const resourceTable: readonly Entry<never>[] = [
  entry<LogGroup>({
    kind: 'log group',
    scope: 'env',
    name: (c) => c.names.logGroup,
    wanted: () => true,
    observed: (o) => o.logGroup,
    compare: (value, c) =>
      value.retentionDays === c.config.logRetentionDays
        ? []
        : [`retention ${value.retentionDays ?? 'never expire'} → ${c.config.logRetentionDays} days`],
    create: async (c) => {
      const tags = shipTags(c.target, 'env');
      await createLogGroup(c.context, {
        name: c.names.logGroup,
        retentionDays: c.config.logRetentionDays,
        tags,
      });
      return { name: c.names.logGroup, arn: '', retentionDays: c.config.logRetentionDays, tags };
    },
    update: (_, c) => setLogRetention(c.context, c.names.logGroup, c.config.logRetentionDays),
    resolve: (value, c) => {
      if (value.arn) c.resolved.logGroupArn = value.arn;
    },
    created: (_, c) => `created log group ${c.names.logGroup} (${c.config.logRetentionDays} days)`,
  }),
  entry<Role & { policy?: unknown }>({
    kind: 'task execution role',
    scope: 'env',
    name: (c) => c.names.executionRole,
    wanted: () => true,
    observed: (o) => (o.role ? { ...o.role, policy: o.rolePolicy } : undefined),
    compare: (value, c) => [
      ...(samePolicy(value.policy, policyOf(c))
        ? []
        : ['permissions: pull from the repository, write the log group, read the configured secrets']),
      ...(trustDiffers(value, c)
        ? [`trust: only ECS tasks of account ${c.observation.account.accountId} (aws:SourceAccount)`]
        : []),
    ],
    create: (c) =>
      createRole(c.context, {
        name: c.names.executionRole,
        trustPolicy: trustOf(c),
        description: `ship: pulls ${c.names.repository} and writes ${c.names.logGroup} in ${c.config.region}`,
        // IAM is global: the tag says which region's environment the role serves.
        tags: { ...shipTags(c.target, 'env'), [tagKeys.region]: c.config.region },
      }),
    find: (c) => findRole(c.context, c.names.executionRole),
    update: async (value, c) => {
      if (!samePolicy(value.policy, policyOf(c))) {
        await putInlinePolicy(c.context, {
          role: c.names.executionRole,
          policy: c.names.executionPolicy,
          document: policyOf(c),
        });
      }
      if (trustDiffers(value, c)) await updateTrustPolicy(c.context, c.names.executionRole, trustOf(c));
    },
    resolve: (value, c) => {
      if (value.arn) c.resolved.roleArn = value.arn;
    },
    created: (_, c) => `created task execution role ${c.names.executionRole}`,
  }),
  entry<Cluster>({
    kind: 'cluster',
    scope: 'app',
    name: (c) => c.names.cluster,
    wanted: () => true,
    observed: (o) => o.cluster,
    compare: () => [],
    // CreateCluster returns the existing cluster when the name is taken: no race to handle.
    create: (c) => createCluster(c.context, { name: c.names.cluster, tags: shipTags(c.target, 'app') }),
    update: async () => {},
    resolve: () => {},
    created: (_, c) => `created cluster ${c.names.cluster}`,
  }),
  securityGroup({
    kind: 'load balancer security group',
    scope: 'app',
    name: (names) => names.loadBalancerSecurityGroup,
    wanted: alb,
    observed: (o) => o.loadBalancerGroup,
    description: (names) => `ship: ${names.loadBalancer} load balancer`,
    ingress: (c) => loadBalancerIngress(c.config.ingressCidrs, https(c)),
    resolve: (id, c) => {
      c.resolved.loadBalancerGroupId = id;
    },
  }),
  securityGroup({
    kind: 'security group',
    scope: 'env',
    name: (names) => names.taskSecurityGroup,
    wanted: () => true,
    observed: (o) => o.taskGroup,
    description: (names) => `ship: ${names.service} tasks`,
    ingress: (c) =>
      alb(c)
        ? c.resolved.loadBalancerGroupId
          ? taskIngress(c.config.port, { loadBalancerGroupId: c.resolved.loadBalancerGroupId })
          : undefined
        : taskIngress(c.config.port, { cidrs: c.config.ingressCidrs }),
    resolve: (id, c) => {
      c.resolved.taskGroupId = id;
    },
  }),
  entry<LoadBalancer>({
    kind: 'load balancer',
    scope: 'app',
    name: (c) => c.names.loadBalancer,
    wanted: alb,
    observed: (o) => o.loadBalancer,
    compare: () => [],
    create: (c) => {
      const group = c.resolved.loadBalancerGroupId;
      if (!group) throw new Error('load balancer before its security group');
      return createLoadBalancer(c.context, {
        name: c.names.loadBalancer,
        subnets: c.observation.network.subnetIds,
        securityGroups: [group],
        tags: shipTags(c.target, 'app'),
      });
    },
    find: (c) => findLoadBalancer(c.context, c.names.loadBalancer),
    update: async () => {},
    resolve: (value, c) => {
      c.resolved.loadBalancer = value;
    },
    created: (value, c) => `created load balancer ${c.names.loadBalancer} (${value.dnsName})`,
  }),
  entry<Pick<TargetGroup, 'arn' | 'tags' | 'drift'>>({
    kind: 'target group',
    scope: 'env',
    name: (c) => c.names.targetGroup,
    wanted: alb,
    observed: (o) => o.targetGroup,
    compare: (value) => value.drift,
    create: async (c) => {
      const tags = shipTags(c.target, 'env');
      const arn = await createTargetGroup(c.context, {
        name: c.names.targetGroup,
        vpcId: c.observation.network.vpcId,
        port: c.config.port,
        healthCheckPath: c.config.healthCheckPath,
        tags,
      });
      return { arn, tags, drift: [] };
    },
    find: (c) => findTargetGroup(c.context, c.names.targetGroup),
    update: (value, c) => restoreFastRollout(c.context, value.arn, c.config.healthCheckPath),
    resolve: (value, c) => {
      c.resolved.targetGroupArn = value.arn;
    },
    created: (_, c) =>
      `created target group ${c.names.targetGroup} (checks every 5 s, 2 to be healthy, 10 s draining)`,
  }),
  certificateEntry,
  listener(443),
  listener(80),
  dnsRecordEntry,
] as unknown as readonly Entry<never>[];

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
    },
  };
}

function found<T>(e: Entry<T>, value: T | undefined, c: TableContext, parentOurs: boolean): Found<T> {
  if (value === undefined) return { state: 'missing' };
  if (e.scope === 'parent')
    return parentOurs
      ? { state: 'ours', value }
      : { state: 'foreign', detail: 'its load balancer is not ship’s' };
  const tags = (value as { tags: Record<string, string> }).tags;
  if (ownership(tags, c.target, e.scope) === 'ours') return { state: 'ours', value };
  const app = tags['ship:app'];
  return {
    state: 'foreign',
    detail: app
      ? `its ship tags say app "${app}", env "${tags['ship:env'] ?? ''}"`
      : 'it has no ship:app tag',
  };
}

const loadBalancerIsOurs = (c: TableContext) =>
  c.observation.loadBalancer !== undefined &&
  ownership(c.observation.loadBalancer.tags, c.target, 'app') === 'ours';

/** A change deploy makes (or plan says it will): the same shape from both, so they can be compared. */
export interface ResourceChange {
  kind: ResourceKind;
  name: string;
  action: 'create' | 'update';
  details: string[];
}

const entriesOf = (which: 'repository' | 'rest') =>
  (which === 'repository' ? [repositoryEntry] : resourceTable) as readonly Entry<unknown>[];

/** The plan's resource steps, from the observation alone. */
export function planResources(c: TableContext, which: 'repository' | 'rest'): ResourceStep[] {
  const steps: ResourceStep[] = [];
  for (const e of entriesOf(which)) {
    if (!e.wanted(c)) continue;
    const value = e.observed(c.observation, c);
    const f = found(e, value, c, loadBalancerIsOurs(c));
    const updates = f.state === 'ours' ? e.compare(f.value, c) : [];
    steps.push(
      updates.length > 0
        ? { kind: e.kind, name: e.name(c), found: f, updates }
        : { kind: e.kind, name: e.name(c), found: f },
    );
    if (f.state === 'ours') e.resolve(f.value, c);
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
    if (!e.wanted(c)) continue;
    const name = e.name(c);
    const f = found(e, e.observed(c.observation, c), c, loadBalancerIsOurs(c));
    if (f.state === 'foreign') {
      throw new UserError(
        `${e.kind} "${name}" exists but was not created by ship (${f.detail})`,
        'ship never changes what it did not create: pick another app name ("app" in ship.config.json) or remove it',
      );
    }
    let value: unknown;
    if (f.state === 'missing') {
      value = await createOrAdopt(e, c);
      e.resolve(value, c);
      report(e.created(value, c));
      // A fresh resource gets the rest of its settings (lifecycle policy, ingress, permissions) at once.
      if (e.compare(value, c).length > 0) await e.update(value, c);
      changes.push({ kind: e.kind, name, action: 'create', details: [] });
    } else {
      value = f.value;
      e.resolve(value, c);
      const details = e.compare(value, c);
      if (details.length > 0) {
        await e.update(value, c);
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
async function createOrAdopt(e: Entry<unknown>, c: TableContext): Promise<unknown> {
  try {
    return await e.create(c);
  } catch (error) {
    if (!e.find || !/AlreadyExists|Duplicate/i.test(errorName(error))) throw error;
    for (let attempt = 0; attempt < 8; attempt++) {
      const existing = await e.find(c);
      if (existing) {
        if (found(e, existing, c, true).state !== 'ours') {
          throw new UserError(
            `${e.kind} "${e.name(c)}" exists but was not created by ship for this app`,
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
