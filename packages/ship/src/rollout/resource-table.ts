// The resources ship keeps for an environment, one entry per kind, in
// dependency order (the shape of an entry is in resource-entry.ts; the load
// balancer's entries are in load-balancer-entries.ts, the service's own in
// service-entries.ts). `ship
// plan` and `ship deploy` walk it forwards (reconcile.ts), `ship status`
// reads its finds, and `ship destroy` walks it backwards (teardown.ts), so
// what plan lists as ship's is exactly what destroy deletes.
import type { AwsContext } from '../aws/aws-context.js';
import {
  authorizeIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeNetworkInterfaces,
  describeSecurityGroups,
  findSecurityGroups,
  revokeIngress,
  type SecurityGroup,
} from '../aws/ec2.js';
import {
  createRepository,
  deleteRepository,
  findRepository,
  lifecyclePolicy,
  putLifecyclePolicy,
  type Repository,
} from '../aws/ecr.js';
import { type Cluster, createCluster, deleteCluster, findCluster } from '../aws/ecs.js';
import {
  attachedPolicies,
  attachPolicy,
  createRole,
  deleteRole,
  findRole,
  inlinePolicy,
  putInlinePolicy,
  type Role,
  updateTrustPolicy,
} from '../aws/iam.js';
import { createLogGroup, deleteLogGroup, findLogGroup, type LogGroup, setLogRetention } from '../aws/logs.js';
import type { ShipConfig } from '../config/schema.js';
import { executionPolicy, executionTrustPolicy, samePolicy } from '../deploy/execution-policy.js';
import {
  lifecyclePolicyText,
  parseShipLifecycle,
  samePolicyText,
  withEnvironment,
} from '../deploy/image-lifecycle.js';
import { expressInfrastructurePolicyArn, infrastructureTrustPolicy } from '../deploy/infrastructure-role.js';
import {
  describeRule,
  type IngressRule,
  ingressChanges,
  loadBalancerIngress,
  taskIngress,
} from '../deploy/ingress-rules.js';
import { type ResourceNames, shipTags, type TagScope, tagKeys } from '../deploy/naming.js';
import { certificateEntry, dnsRecordEntry } from './domain-entries.js';
import {
  alb,
  https,
  listener80Entry,
  listener443Entry,
  listenerRulesEntry,
  loadBalancerEntry,
  targetGroupEntry,
} from './load-balancer-entries.js';
import {
  alarm5xxEntry,
  alarmP99Entry,
  alternateTargetGroupEntry,
  releaseRoleEntry,
} from './release-entries.js';
import { type Entry, entry, type FindContext, type Held, type TableContext } from './resource-entry.js';
import {
  scalableTargetEntry,
  scalingPoliciesEntry,
  serviceEntry,
  taskDefinitionsEntry,
} from './service-entries.js';

const one = (h: Held) => [h];

const ingressLines = (change: { add: IngressRule[]; remove: IngressRule[] }) => [
  ...change.add.map((r) => `allow ${describeRule(r)}`),
  ...change.remove.map((r) => `remove ${describeRule(r)}`),
];

function securityGroup(options: {
  kind: 'security group' | 'load balancer security group';
  scope: TagScope;
  name: (names: ResourceNames) => string;
  wanted: (config: ShipConfig) => boolean;
  observed: (o: TableContext['observation']) => SecurityGroup | undefined;
  description: (names: ResourceNames) => string;
  /** Undefined when it depends on a group that does not exist yet (plan only). */
  ingress: (c: TableContext) => IngressRule[] | undefined;
  resolve: (id: string, c: TableContext) => void;
}): Entry<SecurityGroup> {
  const change = (value: SecurityGroup, c: TableContext) => {
    const wanted = options.ingress(c);
    return wanted ? ingressChanges(value.ingress, wanted) : { add: [], remove: [] };
  };
  const find = async (c: FindContext) => {
    const groups = await findSecurityGroups(c.context, {
      ...(c.vpcId ? { vpcId: c.vpcId } : {}),
      name: options.name(c.names),
    });
    // Without a VPC (destroy), the group this app tagged comes first.
    return groups.find((g) => g.tags[tagKeys.app] === c.target.app) ?? groups[0];
  };
  return entry<SecurityGroup>({
    kind: options.kind,
    scope: options.scope,
    find,
    held: (g) => one({ id: g.id, name: g.name, tags: g.tags }),
    delete: async (h, context) => {
      // EC2 says DependencyViolation only after trying: ask first, and let the caller wait.
      if ((await describeNetworkInterfaces(context, { securityGroupId: h.id })).length > 0) {
        const error = new Error(`network interfaces still use ${h.id}`);
        error.name = 'DependencyViolation';
        throw error;
      }
      await deleteSecurityGroup(context, h.id);
    },
    gone: async (h, context) => (await describeSecurityGroups(context, { ids: [h.id] })).length === 0,
    reconcile: {
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
      adopt: true,
      update: async (value, c) => {
        const { add, remove } = change(value, c);
        await authorizeIngress(c.context, value.id, add);
        await revokeIngress(c.context, value.id, remove);
      },
      resolve: (value, c) => options.resolve(value.id, c),
      created: (value, c) => `created security group ${options.name(c.names)} (${value.id})`,
    },
  });
}

/** The lifecycle policy with this environment's rule, keeping what the policy says of the others. */
const lifecycleOf = (c: TableContext, policy: string | undefined) =>
  lifecyclePolicyText(
    withEnvironment(parseShipLifecycle(policy, c.config.keepImages), c.target.env, c.config.keepImages),
  );

export const repositoryEntry = entry<Repository & { lifecyclePolicy?: string | undefined }>({
  kind: 'image repository',
  scope: 'app',
  find: async (c) => {
    const [repository, policy] = await Promise.all([
      findRepository(c.context, c.names.repository),
      lifecyclePolicy(c.context, c.names.repository),
    ]);
    return repository && { ...repository, lifecyclePolicy: policy };
  },
  held: (r) => one({ id: r.name, name: r.name, tags: r.tags }),
  delete: (h, context) => deleteRepository(context, h.id),
  gone: async (h, context) => (await findRepository(context, h.id)) === undefined,
  reconcile: {
    name: (c) => c.names.repository,
    wanted: () => true,
    observed: (o) => (o.repository ? { ...o.repository, lifecyclePolicy: o.lifecyclePolicy } : undefined),
    compare: (value, c) =>
      samePolicyText(value.lifecyclePolicy, lifecycleOf(c, value.lifecyclePolicy))
        ? []
        : [
            `image lifecycle: ${c.target.env} keeps its newest ${c.config.keepImages} images; the images an environment runs are never expired`,
          ],
    create: (c) => createRepository(c.context, { name: c.names.repository, tags: shipTags(c.target, 'app') }),
    adopt: true,
    update: (value, c) =>
      putLifecyclePolicy(c.context, c.names.repository, lifecycleOf(c, value.lifecyclePolicy)),
    resolve: (value, c) => {
      c.resolved.repository = value;
      if (value.arn) c.resolved.repositoryArn = value.arn;
    },
    created: (_, c) => `created image repository ${c.names.repository} (scan on push, immutable tags)`,
  },
});

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

export const logGroupEntry = entry<LogGroup>({
  kind: 'log group',
  scope: 'env',
  find: (c) => findLogGroup(c.context, c.names.logGroup),
  held: (g) => one({ id: g.name, name: g.name, tags: g.tags }),
  delete: (h, context) => deleteLogGroup(context, h.id),
  gone: async (h, context) => (await findLogGroup(context, h.id)) === undefined,
  reconcile: {
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
  },
});

/** How status and destroy see an IAM role of the environment: one resource, deleted with its policies. */
const roleRows = {
  held: (r: Role) => one({ id: r.name, name: r.name, tags: r.tags }),
  delete: (h: Held, context: AwsContext) => deleteRole(context, h.id),
  gone: async (h: Held, context: AwsContext) => (await findRole(context, h.id)) === undefined,
};

export const roleEntry = entry<Role & { policy?: unknown }>({
  kind: 'task execution role',
  scope: 'env',
  find: async (c) => {
    const [role, policy] = await Promise.all([
      findRole(c.context, c.names.executionRole),
      inlinePolicy(c.context, c.names.executionRole, c.names.executionPolicy),
    ]);
    return role && { ...role, policy };
  },
  ...roleRows,
  reconcile: {
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
    adopt: true,
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
  },
});

const express = (config: ShipConfig) => config.target === 'express';
const infrastructureTrustOf = (c: TableContext) => infrastructureTrustPolicy(c.observation.account.accountId);
const infrastructurePolicyOf = (c: TableContext) =>
  expressInfrastructurePolicyArn(c.observation.account.partition);
const infrastructureTrustDiffers = (value: Role, c: TableContext) =>
  value.trustPolicy !== undefined && !samePolicy(value.trustPolicy, infrastructureTrustOf(c));

/** The role ECS Express Mode assumes to make an Express service's load balancer, certificate and scaling. */
export const infrastructureRoleEntry = entry<Role & { policies: string[] }>({
  kind: 'infrastructure role',
  scope: 'env',
  find: async (c) => {
    const [role, policies] = await Promise.all([
      findRole(c.context, c.names.infrastructureRole),
      attachedPolicies(c.context, c.names.infrastructureRole),
    ]);
    return role && { ...role, policies };
  },
  ...roleRows,
  reconcile: {
    name: (c) => c.names.infrastructureRole,
    wanted: express,
    observed: (o) =>
      o.infrastructureRole
        ? { ...o.infrastructureRole, policies: o.infrastructurePolicies ?? [] }
        : undefined,
    compare: (value, c) => [
      ...(value.policies.includes(infrastructurePolicyOf(c))
        ? []
        : ['permissions: AWS managed AmazonECSInfrastructureRoleforExpressGatewayServices']),
      ...(infrastructureTrustDiffers(value, c)
        ? [`trust: only ECS of account ${c.observation.account.accountId} (aws:SourceAccount)`]
        : []),
    ],
    create: async (c) => ({
      ...(await createRole(c.context, {
        name: c.names.infrastructureRole,
        trustPolicy: infrastructureTrustOf(c),
        description: `ship: ECS Express Mode makes ${c.names.service}'s load balancer, certificate and scaling in ${c.config.region}`,
        // IAM is global: the tag says which region's environment the role serves.
        tags: { ...shipTags(c.target, 'env'), [tagKeys.region]: c.config.region },
      })),
      policies: [],
    }),
    adopt: true,
    update: async (value, c) => {
      if (!value.policies.includes(infrastructurePolicyOf(c)))
        await attachPolicy(c.context, c.names.infrastructureRole, infrastructurePolicyOf(c));
      if (infrastructureTrustDiffers(value, c))
        await updateTrustPolicy(c.context, c.names.infrastructureRole, infrastructureTrustOf(c));
    },
    resolve: (value, c) => {
      if (value.arn) c.resolved.infrastructureRoleArn = value.arn;
    },
    created: (_, c) => `created Express infrastructure role ${c.names.infrastructureRole}`,
  },
});

export const clusterEntry = entry<Cluster>({
  kind: 'cluster',
  scope: 'app',
  find: (c) => findCluster(c.context, c.names.cluster),
  held: (cluster) => one({ id: cluster.name, name: cluster.name, tags: cluster.tags }),
  delete: (h, context) => deleteCluster(context, h.id),
  gone: async (h, context) => (await findCluster(context, h.id)) === undefined,
  reconcile: {
    name: (c) => c.names.cluster,
    wanted: () => true,
    observed: (o) => o.cluster,
    compare: () => [],
    // CreateCluster returns the existing cluster when the name is taken: no race to handle.
    create: (c) => createCluster(c.context, { name: c.names.cluster, tags: shipTags(c.target, 'app') }),
    update: async () => {},
    resolve: () => {},
    created: (_, c) => `created cluster ${c.names.cluster}`,
  },
});

export const loadBalancerGroupEntry = securityGroup({
  kind: 'load balancer security group',
  scope: 'app',
  name: (names) => names.loadBalancerSecurityGroup,
  wanted: alb,
  observed: (o) => o.loadBalancerGroup,
  description: (names) => `ship: ${names.loadBalancer} load balancer`,
  ingress: (c) => loadBalancerIngress(c.config.ingressCidrs, https(c.config)),
  resolve: (id, c) => {
    c.resolved.loadBalancerGroupId = id;
  },
});

export const taskGroupEntry = securityGroup({
  kind: 'security group',
  scope: 'env',
  name: (names) => names.taskSecurityGroup,
  // Express Mode makes an Express service's security groups itself, with the least ingress its load balancer needs.
  wanted: (config) => !express(config),
  observed: (o) => o.taskGroup,
  description: (names) => `ship: ${names.service} tasks`,
  ingress: (c) =>
    alb(c.config)
      ? c.resolved.loadBalancerGroupId
        ? taskIngress(c.config.port, { loadBalancerGroupId: c.resolved.loadBalancerGroupId })
        : undefined
      : taskIngress(c.config.port, { cidrs: c.config.ingressCidrs }),
  resolve: (id, c) => {
    c.resolved.taskGroupId = id;
  },
});

/** Every kind, in dependency order: deploy creates them in this order and destroy deletes in reverse. */
export const resourceTable: readonly Entry<unknown>[] = [
  repositoryEntry,
  logGroupEntry,
  roleEntry,
  infrastructureRoleEntry,
  clusterEntry,
  loadBalancerGroupEntry,
  taskGroupEntry,
  loadBalancerEntry,
  targetGroupEntry,
  alternateTargetGroupEntry,
  releaseRoleEntry,
  // ACM refuses to delete a certificate a listener still uses: it comes before the listeners.
  certificateEntry,
  listener443Entry,
  listener80Entry,
  listenerRulesEntry,
  // Attached to the service's deployments: destroy deletes them once the service is gone.
  alarm5xxEntry,
  alarmP99Entry,
  taskDefinitionsEntry,
  serviceEntry,
  scalableTargetEntry,
  scalingPoliciesEntry,
  // Last, so destroy removes it first: the name stops leading to the app before the service goes.
  dnsRecordEntry,
];
