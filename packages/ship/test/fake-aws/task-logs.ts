// What a task writes to CloudWatch Logs through the awslogs driver: the group,
// stream `<prefix>/<container>/<task id>` and the lines themselves.
import type { FakeState, LogGroup } from './state.js';

export interface AwslogsTarget {
  group: string;
  stream: string;
  createGroup: boolean;
}

type ContainerDefinition = {
  name?: string;
  logConfiguration?: { logDriver?: string; options?: Record<string, string> };
};

export function awslogsTargets(containers: ContainerDefinition[], taskId: string): AwslogsTarget[] {
  return containers.flatMap((container) => {
    const config = container.logConfiguration;
    const group = config?.options?.['awslogs-group'];
    if (config?.logDriver !== 'awslogs' || !group) return [];
    const prefix = config.options?.['awslogs-stream-prefix'];
    const stream = prefix ? `${prefix}/${container.name ?? 'app'}/${taskId}` : taskId;
    return [{ group, stream, createGroup: config.options?.['awslogs-create-group'] === 'true' }];
  });
}

export function createLogGroup(state: FakeState, name: string): LogGroup {
  const group: LogGroup = {
    ...state.stamp(),
    name,
    arn: state.arn('logs', `log-group:${name}`),
    tags: [],
    streams: new Map(),
  };
  state.logs.groups.set(name, group);
  return group;
}

let lastTimestamp = 0;

/** Appends a line; returns false when the group does not exist (the driver's start-up failure). */
export function writeLogLine(state: FakeState, target: AwslogsTarget, message: string): boolean {
  let group = state.logs.groups.get(target.group);
  if (!group) {
    if (!target.createGroup) return false;
    group = createLogGroup(state, target.group);
  }
  let stream = group.streams.get(target.stream);
  if (!stream) {
    stream = { name: target.stream, createdAt: new Date(), events: [] };
    group.streams.set(target.stream, stream);
  }
  // Strictly increasing, so ordering and `startTime` filters are unambiguous.
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  stream.events.push({
    timestamp: lastTimestamp,
    ingestionTime: lastTimestamp,
    message,
    eventId: `${lastTimestamp}${state.digits(20)}`,
  });
  return true;
}
