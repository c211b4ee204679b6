// CloudWatch Logs: the environment's log group and reading its last lines.
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { type AwsContext, clientConfig, isNotFound, type Tags } from './aws-context.js';

export interface LogGroup {
  name: string;
  arn: string;
  retentionDays?: number;
  tags: Tags;
}

const client = (context: AwsContext) => new CloudWatchLogsClient(clientConfig(context));

export async function findLogGroup(context: AwsContext, name: string): Promise<LogGroup | undefined> {
  const logs = client(context);
  try {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    const group = out.logGroups?.find((g) => g.logGroupName === name);
    if (!group) return undefined;
    // DescribeLogGroups gives the ARN with a ":*" suffix; tagging APIs want it without.
    const arn = (group.arn ?? '').replace(/:\*$/, '');
    const tags = await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    const found: LogGroup = { name, arn, tags: tags.tags ?? {} };
    if (group.retentionInDays !== undefined) found.retentionDays = group.retentionInDays;
    return found;
  } catch (error) {
    if (isNotFound(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  } finally {
    logs.destroy();
  }
}

export async function createLogGroup(
  context: AwsContext,
  options: { name: string; retentionDays: number; tags: Tags },
): Promise<void> {
  const logs = client(context);
  try {
    try {
      await logs.send(new CreateLogGroupCommand({ logGroupName: options.name, tags: options.tags }));
    } catch (error) {
      // An earlier run created it but stopped before the retention was set.
      if (!isNotFound(error, 'ResourceAlreadyExistsException')) throw error;
    }
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: options.name, retentionInDays: options.retentionDays }),
    );
  } finally {
    logs.destroy();
  }
}

export async function setLogRetention(
  context: AwsContext,
  name: string,
  retentionDays: number,
): Promise<void> {
  const logs = client(context);
  try {
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: retentionDays }));
  } finally {
    logs.destroy();
  }
}

/** The last `limit` lines of one log stream, oldest first; none when the stream does not exist. */
export async function lastLogLines(
  context: AwsContext,
  options: { group: string; stream: string; limit: number },
): Promise<string[]> {
  const logs = client(context);
  try {
    const out = await logs.send(
      new GetLogEventsCommand({
        logGroupName: options.group,
        logStreamName: options.stream,
        limit: options.limit,
        startFromHead: false,
      }),
    );
    return (out.events ?? []).map((e) => (e.message ?? '').replace(/\n$/, ''));
  } catch (error) {
    if (isNotFound(error, 'ResourceNotFoundException')) return [];
    throw error;
  } finally {
    logs.destroy();
  }
}
