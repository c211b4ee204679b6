// CloudWatch alarms: the ones that roll a release back (create or replace,
// read with their tags and state, delete).
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmDefinition } from '../deploy/release-alarms.js';
import { type AwsContext, isNotFound, serviceClient, type Tags, tagList, tagMap } from './aws-context.js';

const cloudwatch = (context: AwsContext): CloudWatchClient => serviceClient(context, CloudWatchClient);

export interface Alarm {
  name: string;
  arn: string;
  /** OK, ALARM or INSUFFICIENT_DATA. */
  state: string;
  /** CloudWatch's words for the state, e.g. "Threshold Crossed: 1 datapoint [12.5] was greater than …". */
  reason: string;
  threshold: number;
  /** The metric math as CloudWatch has it, for comparing with what ship would write. */
  metrics: MetricAlarm['Metrics'];
  tags: Tags;
}

/** Creates or replaces an alarm. Tags are applied on create only (CloudWatch ignores them on update). */
export async function putAlarm(context: AwsContext, spec: AlarmDefinition, tags: Tags): Promise<void> {
  await cloudwatch(context).send(new PutMetricAlarmCommand({ ...spec, Tags: tagList(tags) }));
}

/** The alarms with these names (missing ones left out), with their tags. */
export async function describeAlarms(context: AwsContext, names: string[]): Promise<Alarm[]> {
  if (names.length === 0) return [];
  return read(context, { AlarmNames: names });
}

/** Every alarm whose name starts with `prefix` (all pages), with its tags. */
export async function alarmsByPrefix(context: AwsContext, prefix: string): Promise<Alarm[]> {
  return read(context, { AlarmNamePrefix: prefix });
}

async function read(
  context: AwsContext,
  query: { AlarmNames?: string[]; AlarmNamePrefix?: string },
): Promise<Alarm[]> {
  const found: MetricAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cloudwatch(context).send(
      new DescribeAlarmsCommand({ ...query, AlarmTypes: ['MetricAlarm'], NextToken }),
    );
    found.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  const alarms: Alarm[] = [];
  for (const a of found) {
    if (!a.AlarmName || !a.AlarmArn) continue;
    alarms.push({
      name: a.AlarmName,
      arn: a.AlarmArn,
      state: a.StateValue ?? 'INSUFFICIENT_DATA',
      reason: a.StateReason ?? '',
      threshold: a.Threshold ?? Number.NaN,
      metrics: a.Metrics,
      tags: await alarmTags(context, a.AlarmArn),
    });
  }
  return alarms;
}

async function alarmTags(context: AwsContext, arn: string): Promise<Tags> {
  try {
    const out = await cloudwatch(context).send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    return tagMap(out.Tags);
  } catch (error) {
    if (isNotFound(error, 'ResourceNotFoundException', 'ResourceNotFound')) return {};
    throw error;
  }
}

/** Deletes an alarm; one already gone is done (DeleteAlarms says ResourceNotFound). */
export async function deleteAlarm(context: AwsContext, name: string): Promise<void> {
  try {
    await cloudwatch(context).send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
  } catch (error) {
    if (!isNotFound(error, 'ResourceNotFound', 'ResourceNotFoundException')) throw error;
  }
}
