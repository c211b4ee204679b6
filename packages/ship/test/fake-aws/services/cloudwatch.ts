// CloudWatch alarms (awsJson1_0, GraniteServiceVersion20100801; signing name
// `monitoring`). Modelled after the CloudWatch API Reference: PutMetricAlarm
// creates or replaces an alarm by name (a new one is INSUFFICIENT_DATA) and
// validates what AWS validates — a metric (MetricName + Namespace + Statistic
// or ExtendedStatistic such as p99, never both) or metric math (`Metrics`,
// exactly one with ReturnData), not both; Period 10, 20, 30 or a multiple of
// 60; EvaluationPeriods ≥ 1 and DatapointsToAlarm ≤ EvaluationPeriods;
// ComparisonOperator and TreatMissingData from their enums. DescribeAlarms
// (AlarmNames, AlarmNamePrefix, StateValue), DeleteAlarms (ResourceNotFound
// when a name does not exist), SetAlarmState (how a test makes an alarm fire:
// the real API AWS offers for testing alarm actions), ListTagsForResource,
// TagResource. Alarms hold state only; nothing evaluates metrics.

import { AwsError } from '../errors.js';
import type { Params, Value } from '../params.js';
import { perState } from '../per-state.js';
import type { ServiceDefinition } from '../server.js';
import { type FakeState, mergeTags, type Tag } from '../state.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface Alarm {
  name: string;
  arn: string;
  /** The request's fields as sent (metric, dimensions, thresholds…), echoed back by DescribeAlarms. */
  definition: Record<string, Value>;
  state: AlarmState;
  reason: string;
  updatedAt: Date;
  tags: Tag[];
}

export const alarms = perState<Map<string, Alarm>>(() => new Map());

const operators = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
];
const statistics = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const invalid = (message: string) => new AwsError('ValidationError', message);

function checkPeriod(period: number | undefined, where: string): void {
  if (period === undefined) return;
  if (!([10, 20, 30].includes(period) || (period >= 60 && period % 60 === 0))) {
    throw invalid(`${where}: Period must be 10, 20, 30 or a multiple of 60`);
  }
}

function checkAlarm(p: Params): void {
  const metrics = p.list('Metrics');
  const single = p.has('MetricName');
  if (single === metrics.length > 0) {
    throw invalid('Exactly one of MetricName or Metrics must be specified.');
  }
  if (single) {
    if (!p.has('Namespace')) throw invalid('Namespace is required with MetricName.');
    if (p.has('Statistic') === p.has('ExtendedStatistic')) {
      throw invalid('Exactly one of Statistic or ExtendedStatistic must be specified.');
    }
    const statistic = p.optStr('Statistic');
    if (statistic && !statistics.includes(statistic)) throw invalid(`Statistic ${statistic} is not valid.`);
    const extended = p.optStr('ExtendedStatistic');
    if (extended && !/^p(\d{1,2}(\.\d+)?|100)$/.test(extended)) {
      throw invalid(`ExtendedStatistic ${extended}: expected a percentile such as p99`);
    }
    checkPeriod(p.num('Period'), 'Period');
  } else {
    if (metrics.filter((m) => m.optBool('ReturnData') !== false).length !== 1) {
      throw invalid('Metrics: exactly one metric must have ReturnData true.');
    }
    for (const m of metrics) {
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(m.str('Id')))
        throw invalid(`Metrics.Id ${m.str('Id')}: must start with a lowercase letter`);
      if (m.has('MetricStat') === m.has('Expression')) {
        throw invalid(`Metrics ${m.str('Id')}: exactly one of MetricStat or Expression`);
      }
      checkPeriod(m.optObj('MetricStat')?.num('Period'), `Metrics ${m.str('Id')}`);
    }
  }
  const evaluations = p.num('EvaluationPeriods');
  if (evaluations < 1) throw invalid('EvaluationPeriods must be at least 1.');
  const datapoints = p.optNum('DatapointsToAlarm');
  if (datapoints !== undefined && (datapoints < 1 || datapoints > evaluations)) {
    throw invalid('DatapointsToAlarm must be between 1 and EvaluationPeriods.');
  }
  const operator = p.str('ComparisonOperator');
  if (!operators.includes(operator)) throw invalid(`ComparisonOperator ${operator} is not valid.`);
  const missing = p.optStr('TreatMissingData');
  if (missing && !['breaching', 'notBreaching', 'ignore', 'missing'].includes(missing)) {
    throw invalid(`TreatMissingData ${missing}: expected breaching, notBreaching, ignore or missing`);
  }
}

export function cloudwatchService(state: FakeState): ServiceDefinition {
  const store = alarms(state);
  const view = (a: Alarm) => {
    const { Tags: _tags, ...definition } = a.definition as Record<string, Value>;
    return {
      ...definition,
      AlarmArn: a.arn,
      StateValue: a.state,
      StateReason: a.reason,
      StateUpdatedTimestamp: a.updatedAt,
      AlarmConfigurationUpdatedTimestamp: a.updatedAt,
      ActionsEnabled: (definition.ActionsEnabled as boolean | undefined) ?? true,
    };
  };
  const byArn = (arn: string) => [...store.values()].find((a) => a.arn === arn);
  return {
    name: 'monitoring',
    protocol: 'json',
    target: 'GraniteServiceVersion20100801',
    invalidCode: 'ValidationError',
    throttleCode: 'Throttling',
    handlers: {
      PutMetricAlarm: (p) => {
        const name = p.str('AlarmName');
        if (name.length > 255) throw invalid('AlarmName must be at most 255 characters.');
        checkAlarm(p);
        const existing = store.get(name);
        const tags = p.list('Tags').map((t) => ({ key: t.str('Key'), value: t.str('Value') }));
        store.set(name, {
          name,
          arn: existing?.arn ?? state.arn('cloudwatch', `alarm:${name}`),
          definition: p.raw as Record<string, Value>,
          state: existing?.state ?? 'INSUFFICIENT_DATA',
          reason: existing?.reason ?? 'Unchecked: Initial alarm creation',
          updatedAt: new Date(),
          tags: existing ? mergeTags(existing.tags, tags) : tags,
        });
        return {};
      },
      DescribeAlarms: (p) => {
        const names = p.strs('AlarmNames');
        const prefix = p.optStr('AlarmNamePrefix');
        const stateValue = p.optStr('StateValue');
        return {
          MetricAlarms: [...store.values()]
            .filter((a) => names.length === 0 || names.includes(a.name))
            .filter((a) => prefix === undefined || a.name.startsWith(prefix))
            .filter((a) => stateValue === undefined || a.state === stateValue)
            .sort((a, b) => a.name.localeCompare(b.name))
            .map(view),
        };
      },
      DeleteAlarms: (p) => {
        const names = p.strs('AlarmNames');
        const missing = names.filter((n) => !store.has(n));
        if (missing.length > 0)
          throw new AwsError('ResourceNotFound', `${missing.join(', ')}: alarm not found`, 404);
        for (const n of names) store.delete(n);
        return {};
      },
      SetAlarmState: (p) => {
        const name = p.str('AlarmName');
        const alarm = store.get(name);
        if (!alarm) throw new AwsError('ResourceNotFound', `Alarm ${name} not found`, 404);
        const value = p.str('StateValue');
        if (!['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(value))
          throw invalid(`StateValue ${value} is not valid.`);
        alarm.state = value as AlarmState;
        alarm.reason = p.str('StateReason');
        alarm.updatedAt = new Date();
        return {};
      },
      ListTagsForResource: (p) => {
        const alarm = byArn(p.str('ResourceARN'));
        if (!alarm) throw new AwsError('ResourceNotFoundException', 'The resource was not found.', 404);
        return { Tags: alarm.tags.map((t) => ({ Key: t.key, Value: t.value })) };
      },
      TagResource: (p) => {
        const alarm = byArn(p.str('ResourceARN'));
        if (!alarm) throw new AwsError('ResourceNotFoundException', 'The resource was not found.', 404);
        alarm.tags = mergeTags(
          alarm.tags,
          p.list('Tags').map((t) => ({ key: t.str('Key'), value: t.str('Value') })),
        );
        return {};
      },
    },
  };
}
