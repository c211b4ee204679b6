// Application Auto Scaling (awsJson1_1, target AnyScaleFrontendService):
// scalable targets and target-tracking policies for ECS services. Policies are
// stored and described; the fake does not scale services by itself.
import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import type { ServiceDefinition } from '../server.js';
import {
  type FakeState,
  mergeTags,
  removeTags,
  type ScalableTarget,
  type ScalingPolicy,
  type Tag,
} from '../state.js';

const predefinedMetrics = [
  'ECSServiceAverageCPUUtilization',
  'ECSServiceAverageMemoryUtilization',
  'ALBRequestCountPerTarget',
];

const validation = (message: string) => new AwsError('ValidationException', message);

function mapTags(p: Params): Tag[] {
  const raw = p.value('Tags');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
  return Object.entries(raw).map(([key, value]) => ({ key, value: String(value) }));
}

export function autoscalingService(state: FakeState): ServiceDefinition {
  const key = (namespace: string, resourceId: string, dimension: string) =>
    `${namespace}|${resourceId}|${dimension}`;

  function target(p: Params): ScalableTarget {
    const namespace = p.str('ServiceNamespace');
    const resourceId = p.str('ResourceId');
    const dimension = p.str('ScalableDimension');
    const found = state.autoscaling.targets.get(key(namespace, resourceId, dimension));
    if (!found) {
      throw new AwsError(
        'ObjectNotFoundException',
        `No scalable target registered for service namespace: ${namespace}, resource ID: ${resourceId}, scalable dimension: ${dimension}`,
      );
    }
    return found;
  }

  function byArn(p: Params): ScalableTarget {
    const arn = p.str('ResourceARN');
    const t = [...state.autoscaling.targets.values()].find((x) => x.arn === arn);
    if (!t) throw new AwsError('ResourceNotFoundException', `No scalable target found for ARN ${arn}`);
    return t;
  }

  function targetView(t: ScalableTarget) {
    return {
      ServiceNamespace: t.serviceNamespace,
      ResourceId: t.resourceId,
      ScalableDimension: t.scalableDimension,
      MinCapacity: t.minCapacity,
      MaxCapacity: t.maxCapacity,
      RoleARN: t.roleArn,
      CreationTime: t.createdAt,
      SuspendedState: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
      ScalableTargetARN: t.arn,
    };
  }

  function policyView(policy: ScalingPolicy) {
    return {
      PolicyARN: policy.arn,
      PolicyName: policy.name,
      ServiceNamespace: policy.serviceNamespace,
      ResourceId: policy.resourceId,
      ScalableDimension: policy.scalableDimension,
      PolicyType: policy.policyType,
      TargetTrackingScalingPolicyConfiguration: policy.configuration,
      Alarms: [
        {
          AlarmName: `TargetTracking-${policy.resourceId}-AlarmHigh-${policy.arn.slice(-8)}`,
          AlarmARN: state.arn('cloudwatch', `alarm:TargetTracking-${policy.resourceId}-AlarmHigh`),
        },
        {
          AlarmName: `TargetTracking-${policy.resourceId}-AlarmLow-${policy.arn.slice(-8)}`,
          AlarmARN: state.arn('cloudwatch', `alarm:TargetTracking-${policy.resourceId}-AlarmLow`),
        },
      ],
      CreationTime: policy.createdAt,
    };
  }

  return {
    name: 'application-autoscaling',
    protocol: 'json',
    target: 'AnyScaleFrontendService',
    invalidCode: 'ValidationException',
    throttleCode: 'ThrottlingException',
    handlers: {
      RegisterScalableTarget: (p) => {
        const namespace = p.str('ServiceNamespace');
        const resourceId = p.str('ResourceId');
        const dimension = p.str('ScalableDimension');
        if (namespace === 'ecs') {
          const [kind, cluster, name] = resourceId.split('/');
          const service = state.ecs.services.get(state.arn('ecs', `service/${cluster}/${name}`));
          if (kind !== 'service' || service?.status !== 'ACTIVE')
            throw validation(`ECS service doesn't exist: ${resourceId}`);
          if (dimension !== 'ecs:service:DesiredCount')
            throw validation(`Unsupported scalable dimension '${dimension}' for ECS`);
        }
        const existing = state.autoscaling.targets.get(key(namespace, resourceId, dimension));
        const min = p.optNum('MinCapacity') ?? existing?.minCapacity;
        const max = p.optNum('MaxCapacity') ?? existing?.maxCapacity;
        if (min === undefined || max === undefined)
          throw validation('MinCapacity and MaxCapacity are required for a new scalable target');
        if (min > max)
          throw validation(`Minimum capacity ${min} cannot be greater than maximum capacity ${max}`);
        const t: ScalableTarget = existing ?? {
          ...state.stamp(),
          arn: state.arn('application-autoscaling', `scalable-target/${state.hex(32)}`),
          serviceNamespace: namespace,
          resourceId,
          scalableDimension: dimension,
          minCapacity: min,
          maxCapacity: max,
          roleArn: `arn:aws:iam::${state.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
          tags: [],
        };
        // [autoscaling-tag-existing-target] Tags are for creation only; AWS refuses them on an
        // existing target and points at TagResource.
        const tags = mapTags(p);
        if (existing && tags.length > 0) {
          throw validation(
            'The scalable target that you tried to tag already exists. To update tags on an existing scalable target, use the TagResource API.',
          );
        }
        t.minCapacity = min;
        t.maxCapacity = max;
        if (!existing) t.tags = tags;
        state.autoscaling.targets.set(key(namespace, resourceId, dimension), t);
        return { ScalableTargetARN: t.arn };
      },
      DescribeScalableTargets: (p) => {
        const namespace = p.str('ServiceNamespace');
        const ids = p.strs('ResourceIds');
        const dimension = p.optStr('ScalableDimension');
        const targets = [...state.autoscaling.targets.values()].filter(
          (t) =>
            state.visible(t) &&
            t.serviceNamespace === namespace &&
            (ids.length === 0 || ids.includes(t.resourceId)) &&
            (!dimension || t.scalableDimension === dimension),
        );
        return { ScalableTargets: targets.map(targetView) };
      },
      DeregisterScalableTarget: (p) => {
        const t = target(p);
        for (const [arn, policy] of state.autoscaling.policies) {
          if (policy.resourceId === t.resourceId && policy.scalableDimension === t.scalableDimension) {
            state.autoscaling.policies.delete(arn);
          }
        }
        state.autoscaling.targets.delete(key(t.serviceNamespace, t.resourceId, t.scalableDimension));
        return {};
      },
      PutScalingPolicy: (p) => {
        const t = target(p);
        const name = p.str('PolicyName');
        const policyType = p.optStr('PolicyType') ?? 'StepScaling';
        if (policyType === 'TargetTrackingScaling') {
          const config = p.obj('TargetTrackingScalingPolicyConfiguration');
          config.num('TargetValue');
          const metric = config.optObj('PredefinedMetricSpecification');
          const metricType = metric?.str('PredefinedMetricType');
          if (metric && !predefinedMetrics.includes(metricType ?? '')) {
            throw validation(
              `Unsupported predefined metric type '${metricType}' (fake AWS knows ${predefinedMetrics.join(', ')})`,
            );
          }
          if (
            metricType === 'ALBRequestCountPerTarget' &&
            !/^app\/.+\/targetgroup\/.+/.test(metric?.optStr('ResourceLabel') ?? '')
          ) {
            throw validation(
              'ResourceLabel must be app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id> for ALBRequestCountPerTarget',
            );
          }
        }
        const existing = [...state.autoscaling.policies.values()].find(
          (policy) => policy.name === name && policy.resourceId === t.resourceId,
        );
        const policy: ScalingPolicy = existing ?? {
          ...state.stamp(),
          arn: `arn:aws:autoscaling:${state.region}:${state.accountId}:scalingPolicy:${state.uuid()}:resource/${t.serviceNamespace}/${t.resourceId}:policyName/${name}`,
          name,
          serviceNamespace: t.serviceNamespace,
          resourceId: t.resourceId,
          scalableDimension: t.scalableDimension,
          policyType,
          configuration: undefined,
        };
        policy.policyType = policyType;
        policy.configuration =
          p.value('TargetTrackingScalingPolicyConfiguration') ?? p.value('StepScalingPolicyConfiguration');
        state.autoscaling.policies.set(policy.arn, policy);
        return { PolicyARN: policy.arn, Alarms: policyView(policy).Alarms };
      },
      DescribeScalingPolicies: (p) => {
        const namespace = p.str('ServiceNamespace');
        const names = p.strs('PolicyNames');
        const resourceId = p.optStr('ResourceId');
        const policies = [...state.autoscaling.policies.values()].filter(
          (policy) =>
            state.visible(policy) &&
            policy.serviceNamespace === namespace &&
            (!resourceId || policy.resourceId === resourceId) &&
            (names.length === 0 || names.includes(policy.name)),
        );
        return { ScalingPolicies: policies.map(policyView) };
      },
      DeleteScalingPolicy: (p) => {
        const name = p.str('PolicyName');
        const resourceId = p.str('ResourceId');
        const found = [...state.autoscaling.policies.values()].find(
          (policy) => policy.name === name && policy.resourceId === resourceId,
        );
        if (!found) {
          throw new AwsError(
            'ObjectNotFoundException',
            `No scaling policy found for service namespace: ${p.str('ServiceNamespace')}, resource ID: ${resourceId}, scalable dimension: ${p.str('ScalableDimension')}, policy name: ${name}`,
          );
        }
        state.autoscaling.policies.delete(found.arn);
        return {};
      },
      ListTagsForResource: (p) => ({
        Tags: Object.fromEntries(byArn(p).tags.map((tag) => [tag.key, tag.value])),
      }),
      TagResource: (p) => {
        const t = byArn(p);
        t.tags = mergeTags(t.tags, mapTags(p));
        return {};
      },
      UntagResource: (p) => {
        const t = byArn(p);
        t.tags = removeTags(t.tags, p.strs('TagKeys'));
        return {};
      },
    },
  };
}
