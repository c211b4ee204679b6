// The two CloudWatch alarms that roll a release back, as values: the target
// groups' 5xx rate (metric math: HTTPCode_Target_5XX_Count / RequestCount,
// summed over both target groups, so a canary's errors count against all the
// traffic it got) and the worst p99 TargetResponseTime of the two groups.
// One-minute periods, one breaching minute fires, and a minute without
// requests is not breaching. Pure; src/aws/cloudwatch.ts writes them.
import type { ResourceNames } from './naming.js';
import type { ReleaseAlarms } from './release.js';

export interface AlarmMetric {
  Id: string;
  Expression?: string;
  Label?: string;
  ReturnData: boolean;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}

/** A PutMetricAlarm request without its tags. */
export interface AlarmDefinition {
  AlarmName: string;
  AlarmDescription: string;
  Metrics: AlarmMetric[];
  ComparisonOperator: 'GreaterThanThreshold';
  Threshold: number;
  EvaluationPeriods: number;
  DatapointsToAlarm: number;
  TreatMissingData: 'notBreaching';
}

/** `app/<name>/<id>` from a load balancer ARN, `targetgroup/<name>/<id>` from a target group's: CloudWatch's dimensions. */
export const arnSuffix = (arn: string): string =>
  arn.replace(/^arn:[^:]*:elasticloadbalancing:[^:]*:[^:]*:(?:loadbalancer\/)?/, '');

export interface AlarmTargets {
  loadBalancerArn: string;
  /** The service's target group and, for canary/linear/blue-green, the alternate one. */
  targetGroupArns: string[];
}

function stat(id: string, metric: string, stat: string, targets: AlarmTargets, group: string): AlarmMetric {
  return {
    Id: id,
    ReturnData: false,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: metric,
        Dimensions: [
          { Name: 'LoadBalancer', Value: arnSuffix(targets.loadBalancerArn) },
          { Name: 'TargetGroup', Value: arnSuffix(group) },
        ],
      },
      Period: 60,
      Stat: stat,
    },
  };
}

const common = {
  ComparisonOperator: 'GreaterThanThreshold',
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
  TreatMissingData: 'notBreaching',
} as const;

export function releaseAlarms(
  names: Pick<ResourceNames, 'alarm5xxRate' | 'alarmP99Latency' | 'service'>,
  thresholds: ReleaseAlarms,
  targets: AlarmTargets,
): AlarmDefinition[] {
  const groups = targets.targetGroupArns;
  const errors = groups.map((g, i) => stat(`errors${i}`, 'HTTPCode_Target_5XX_Count', 'Sum', targets, g));
  const requests = groups.map((g, i) => stat(`requests${i}`, 'RequestCount', 'Sum', targets, g));
  const sum = (ms: AlarmMetric[]) => ms.map((m) => `FILL(${m.Id}, 0)`).join(' + ');
  const latency = groups.map((g, i) => stat(`p99${i}`, 'TargetResponseTime', 'p99', targets, g));
  return [
    {
      ...common,
      AlarmName: names.alarm5xxRate,
      AlarmDescription: `ship: rolls back a release of ${names.service} when more than ${thresholds.http5xxRate} % of requests get a 5xx from the app`,
      Metrics: [
        ...errors,
        ...requests,
        {
          Id: 'rate',
          Label: '5xx rate (%)',
          Expression: `IF((${sum(requests)}) > 0, 100 * (${sum(errors)}) / (${sum(requests)}), 0)`,
          ReturnData: true,
        },
      ],
      Threshold: thresholds.http5xxRate,
    },
    {
      ...common,
      AlarmName: names.alarmP99Latency,
      AlarmDescription: `ship: rolls back a release of ${names.service} when p99 latency is above ${thresholds.p99LatencyMs} ms`,
      Metrics: [
        ...latency,
        {
          Id: 'worst',
          Label: 'p99 latency (s)',
          Expression: latency.length === 1 ? 'p990' : `MAX([${latency.map((m) => m.Id).join(', ')}])`,
          ReturnData: true,
        },
      ],
      // TargetResponseTime is in seconds.
      Threshold: thresholds.p99LatencyMs / 1000,
    },
  ];
}

/** What differs between an alarm as it is and as ship would write it, in words; empty when alike. */
export function alarmDrift(
  actual: { threshold: number; metrics?: unknown },
  wanted: AlarmDefinition,
  unit: '%' | 'ms',
): string[] {
  const lines: string[] = [];
  const show = (n: number) => (unit === 'ms' ? `${Math.round(n * 1000)} ms` : `${n} %`);
  if (actual.threshold !== wanted.Threshold)
    lines.push(`threshold ${show(actual.threshold)} → ${show(wanted.Threshold)}`);
  if (JSON.stringify(normalise(actual.metrics)) !== JSON.stringify(normalise(wanted.Metrics)))
    lines.push('metrics: watch the target groups of this release');
  return lines;
}

/** Metric queries reduced to what ship sets (CloudWatch echoes them with defaults and nulls). */
function normalise(metrics: unknown): unknown {
  if (!Array.isArray(metrics)) return [];
  return metrics.map((m: AlarmMetric) => ({
    Id: m.Id,
    Expression: m.Expression ?? null,
    ReturnData: m.ReturnData ?? true,
    Metric: m.MetricStat
      ? {
          Name: m.MetricStat.Metric.MetricName,
          Stat: m.MetricStat.Stat,
          Period: m.MetricStat.Period,
          Dimensions: [...(m.MetricStat.Metric.Dimensions ?? [])].map((d) => `${d.Name}=${d.Value}`).sort(),
        }
      : null,
  }));
}
