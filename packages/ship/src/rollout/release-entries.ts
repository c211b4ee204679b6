// The reconcile table's rows for canary, linear and blue/green releases
// (resource-entry.ts): the alternate target group ECS shifts traffic to, the
// role ECS assumes to move the production rule's weights, and the two
// CloudWatch alarms that roll a release back (also on a rolling release that
// asks for them). The production rule itself is a listener rule, applied after
// the environment's route (production-rule.ts) and found by listenerRulesEntry.
import { type Alarm, deleteAlarm, describeAlarms, putAlarm } from '../aws/cloudwatch.js';
import {
  deleteTargetGroup,
  describeTargetGroups,
  findTargetGroup,
  restoreFastRollout,
  type TargetGroup,
} from '../aws/elbv2.js';
import {
  createRole,
  deleteRole,
  findRole,
  inlinePolicy,
  putInlinePolicy,
  type Role,
  updateTrustPolicy,
} from '../aws/iam.js';
import type { ShipConfig } from '../config/schema.js';
import { samePolicy } from '../deploy/execution-policy.js';
import { shipTags, tagKeys } from '../deploy/naming.js';
import { releaseOf } from '../deploy/release.js';
import { type AlarmDefinition, alarmDrift, releaseAlarms } from '../deploy/release-alarms.js';
import { releaseRolePolicy, releaseTrustPolicy } from '../deploy/release-role.js';
import { alb, createEnvironmentTargetGroup } from './load-balancer-entries.js';
import { type Entry, entry, type Held, type TableContext } from './resource-entry.js';

const one = (h: Held) => [h];

/** Canary, linear and blue/green releases: ECS shifts traffic between two target groups. */
export const shiftsTraffic = (config: ShipConfig) => alb(config) && releaseOf(config).strategy !== 'rolling';
/** The alarms exist for every release that shifts traffic, and for a rolling one that asks for them. */
export const hasAlarms = (config: ShipConfig) => alb(config) && releaseOf(config).alarms !== undefined;

export const alternateTargetGroupEntry = entry<TargetGroup>({
  kind: 'target group',
  scope: 'env',
  find: (c) => findTargetGroup(c.context, c.names.alternateTargetGroup),
  held: (tg) => one({ id: tg.arn, name: tg.name, tags: tg.tags }),
  delete: (h, context) => deleteTargetGroup(context, h.id),
  gone: async (h, context) => (await describeTargetGroups(context, { arns: [h.id] })).length === 0,
  reconcile: {
    name: (c) => c.names.alternateTargetGroup,
    wanted: shiftsTraffic,
    observed: (o) => o.alternateTargetGroup,
    compare: (value) => value.drift,
    create: (c) => createEnvironmentTargetGroup(c, c.names.alternateTargetGroup),
    adopt: true,
    update: (value, c) => restoreFastRollout(c.context, value.arn, c.config.healthCheckPath),
    resolve: (value, c) => {
      c.resolved.alternateTargetGroupArn = value.arn;
    },
    created: (_, c) =>
      `created target group ${c.names.alternateTargetGroup} (the new revision's during a release; same checks)`,
  },
});

const releasePolicyOf = (c: TableContext) =>
  releaseRolePolicy({
    partition: c.observation.account.partition,
    region: c.config.region,
    accountId: c.observation.account.accountId,
    loadBalancer: c.names.loadBalancer,
    targetGroups: [c.names.targetGroup, c.names.alternateTargetGroup],
  });
const releaseTrustOf = (c: TableContext) => releaseTrustPolicy(c.observation.account.accountId);

export const releaseRoleEntry = entry<Role & { policy?: unknown }>({
  kind: 'release role',
  scope: 'env',
  find: async (c) => {
    const [role, policy] = await Promise.all([
      findRole(c.context, c.names.releaseRole),
      inlinePolicy(c.context, c.names.releaseRole, c.names.releasePolicy),
    ]);
    return role && { ...role, policy };
  },
  held: (r) => one({ id: r.name, name: r.name, tags: r.tags }),
  delete: (h, context) => deleteRole(context, h.id),
  gone: async (h, context) => (await findRole(context, h.id)) === undefined,
  reconcile: {
    name: (c) => c.names.releaseRole,
    wanted: shiftsTraffic,
    observed: (o) => o.releaseRole,
    compare: (value, c) => [
      ...(samePolicy(value.policy, releasePolicyOf(c))
        ? []
        : ['permissions: move traffic between this environment’s two target groups']),
      ...(value.trustPolicy !== undefined && !samePolicy(value.trustPolicy, releaseTrustOf(c))
        ? [`trust: only ECS of account ${c.observation.account.accountId} (aws:SourceAccount)`]
        : []),
    ],
    create: (c) =>
      createRole(c.context, {
        name: c.names.releaseRole,
        trustPolicy: releaseTrustOf(c),
        description: `ship: lets ECS shift ${c.names.service}'s release traffic on ${c.names.loadBalancer} in ${c.config.region}`,
        // IAM is global: the tag says which region's environment the role serves.
        tags: { ...shipTags(c.target, 'env'), [tagKeys.region]: c.config.region },
      }),
    adopt: true,
    update: async (value, c) => {
      if (!samePolicy(value.policy, releasePolicyOf(c))) {
        await putInlinePolicy(c.context, {
          role: c.names.releaseRole,
          policy: c.names.releasePolicy,
          document: releasePolicyOf(c),
        });
      }
      if (value.trustPolicy !== undefined && !samePolicy(value.trustPolicy, releaseTrustOf(c)))
        await updateTrustPolicy(c.context, c.names.releaseRole, releaseTrustOf(c));
    },
    resolve: (value, c) => {
      if (value.arn) c.resolved.releaseRoleArn = value.arn;
    },
    created: (_, c) =>
      `created release role ${c.names.releaseRole} (ECS may move traffic between the two target groups)`,
  },
});

/** The alarm as ship would write it now; undefined until the load balancer and target groups exist (plan only). */
function alarmDefinition(which: '5xx' | 'p99', c: TableContext): AlarmDefinition | undefined {
  const thresholds = releaseOf(c.config).alarms;
  const lb = c.resolved.loadBalancer?.arn;
  const groups = [
    c.resolved.targetGroupArn,
    ...(shiftsTraffic(c.config) ? [c.resolved.alternateTargetGroupArn] : []),
  ];
  if (!thresholds || !lb || groups.some((g) => !g)) return undefined;
  const [rate, latency] = releaseAlarms(c.names, thresholds, {
    loadBalancerArn: lb,
    targetGroupArns: groups as string[],
  });
  return which === '5xx' ? rate : latency;
}

function alarmEntry(which: '5xx' | 'p99'): Entry<Alarm> {
  const nameOf = (names: TableContext['names']) =>
    which === '5xx' ? names.alarm5xxRate : names.alarmP99Latency;
  const write = async (c: TableContext) => {
    const definition = alarmDefinition(which, c);
    if (!definition) throw new Error('alarm before its load balancer and target groups');
    await putAlarm(c.context, definition, shipTags(c.target, 'env'));
    return definition;
  };
  return entry<Alarm>({
    kind: 'alarm',
    scope: 'env',
    find: async (c) => (await describeAlarms(c.context, [nameOf(c.names)]))[0],
    held: (a) => one({ id: a.name, name: a.name, tags: a.tags }),
    delete: (h, context) => deleteAlarm(context, h.id),
    gone: async (h, context) => (await describeAlarms(context, [h.id])).length === 0,
    reconcile: {
      name: (c) => nameOf(c.names),
      wanted: hasAlarms,
      observed: (o) => (which === '5xx' ? o.alarm5xxRate : o.alarmP99Latency),
      compare: (value, c) => {
        const wanted = alarmDefinition(which, c);
        return wanted
          ? alarmDrift(value, wanted, which === '5xx' ? '%' : 'ms')
          : ['watch the new target groups'];
      },
      create: async (c) => {
        const d = await write(c);
        return {
          name: d.AlarmName,
          arn: '',
          state: 'INSUFFICIENT_DATA',
          reason: '',
          threshold: d.Threshold,
          metrics: d.Metrics,
          tags: shipTags(c.target, 'env'),
        };
      },
      update: async (_, c) => {
        await write(c);
      },
      resolve: () => {},
      created: (value, c) =>
        which === '5xx'
          ? `created alarm ${nameOf(c.names)} (5xx rate above ${value.threshold} % for a minute rolls a release back)`
          : `created alarm ${nameOf(c.names)} (p99 latency above ${Math.round(value.threshold * 1000)} ms for a minute rolls a release back)`,
    },
  });
}

export const alarm5xxEntry = alarmEntry('5xx');
export const alarmP99Entry = alarmEntry('p99');
