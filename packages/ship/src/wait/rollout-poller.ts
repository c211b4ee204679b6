// Watches one rollout. `fetch()` takes one snapshot (DescribeServices, plus
// target health behind an ALB), judges it, and says whether it is done and
// when to look next. It backs off with jitter when AWS throttles. It draws
// nothing: a renderer shows the results (waiting is separate from showing).

import type { AwsContext } from '../aws/aws-context.js';
import { errorName } from '../aws/aws-context.js';
import { serviceSnapshot, serviceTasks } from '../aws/ecs.js';
import { describeRules, targetHealth } from '../aws/elbv2.js';
import {
  judgeRollout,
  newEvents,
  type RolloutSnapshot,
  type RolloutVerdict,
  type ServiceEvent,
} from '../deploy/rollout-verdict.js';
import { newRevisionGroup, shareOf, type Weight } from '../deploy/traffic-shift.js';
import { backoffDelay, sleep as wait } from './backoff.js';

export interface PollResult {
  done: boolean;
  /** Milliseconds until the next fetch. */
  next: number;
  verdict: RolloutVerdict | undefined;
  /** Service events not shown before, oldest first. */
  events: ServiceEvent[];
  /** Set when this poll was throttled and nothing new is known. */
  throttled?: boolean;
  snapshot?: RolloutSnapshot;
  /** Canary, linear, blue/green: percent of production traffic on the new revision. */
  traffic?: number;
}

export interface RolloutPoller {
  fetch(): Promise<PollResult>;
}

export interface RolloutPollerOptions {
  context: AwsContext;
  cluster: string;
  service: string;
  /** The task-definition ARN being rolled out. */
  taskDefinition: string;
  targetGroupArn?: string;
  /** More target groups the new tasks may register in (a release's alternate group). */
  otherTargetGroupArns?: string[];
  /** The release's production listener rule: its weights say where traffic goes. */
  productionRuleArn?: string;
  intervalMs: number;
  /** Events already on the service before this rollout (not shown again). */
  knownEventIds?: Iterable<string>;
  random?: () => number;
}

const maxBackoffMs = 30_000;

export function createRolloutPoller(options: RolloutPollerOptions): RolloutPoller {
  const seen = new Set(options.knownEventIds ?? []);
  const random = options.random ?? Math.random;
  let seenDeployment = false;
  let throttles = 0;
  let newGroup: string | undefined;
  const groups = [
    ...(options.targetGroupArn ? [options.targetGroupArn] : []),
    ...(options.otherTargetGroupArns ?? []),
  ];

  const weights = async (): Promise<Weight[] | undefined> => {
    if (!options.productionRuleArn) return undefined;
    const [rule] = await describeRules(options.context, { arns: [options.productionRuleArn] });
    return rule?.weights;
  };

  const snapshot = async (): Promise<RolloutSnapshot & { weights?: Weight[] | undefined }> => {
    const [service, targets, tasks, rule] = await Promise.all([
      serviceSnapshot(options.context, options.cluster, options.service),
      groups.length > 0
        ? Promise.all(groups.map((g) => targetHealth(options.context, g))).then((all) => all.flat())
        : undefined,
      options.targetGroupArn
        ? serviceTasks(options.context, {
            cluster: options.cluster,
            service: options.service,
            desiredStatus: 'RUNNING',
          })
        : undefined,
      weights(),
    ]);
    if (!targets || !tasks) return { service, weights: rule };
    const newTaskIps = tasks
      .filter((t) => t.taskDefinition === options.taskDefinition && t.privateIp)
      .map((t) => t.privateIp ?? '');
    return { service, targets, newTaskIps, weights: rule };
  };

  return {
    async fetch() {
      let current: RolloutSnapshot & { weights?: Weight[] | undefined };
      try {
        current = await snapshot();
      } catch (error) {
        if (!isThrottling(error)) throw error;
        throttles += 1;
        return {
          done: false,
          next: backoffDelay(
            { baseMs: options.intervalMs, maxMs: maxBackoffMs, jitter: 'equal' },
            throttles,
            random,
          ),
          verdict: undefined,
          events: [],
          throttled: true,
        };
      }
      throttles = 0;
      if (current.service.deployments.some((d) => d.taskDefinition === options.taskDefinition))
        seenDeployment = true;
      const verdict = judgeRollout(current, {
        taskDefinition: options.taskDefinition,
        behindLoadBalancer: Boolean(options.targetGroupArn),
        seenDeployment,
      });
      const events = newEvents(current.service.events, seen);
      for (const e of events) seen.add(e.id);
      const { weights: rule, ...rollout } = current;
      // The group with less traffic before any shift is the one ECS gives the new revision.
      if (rule && !newGroup) newGroup = newRevisionGroup(rule);
      return {
        done: verdict.state !== 'in-progress',
        next: options.intervalMs,
        verdict,
        events,
        snapshot: rollout,
        ...(rule && newGroup ? { traffic: shareOf(rule, newGroup) } : {}),
      };
    },
  };
}

const isThrottling = (error: unknown): boolean =>
  ['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded'].includes(
    errorName(error),
  );

export interface WaitOptions {
  timeoutMs: number;
  onPoll?: (result: PollResult) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export type WaitResult =
  | { timedOut: false; verdict: RolloutVerdict }
  | { timedOut: true; verdict: RolloutVerdict | undefined };

/** Polls until the rollout is judged, or the time is up. */
export async function waitForRollout(poller: RolloutPoller, options: WaitOptions): Promise<WaitResult> {
  const sleep = options.sleep ?? wait;
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let last: RolloutVerdict | undefined;
  for (;;) {
    const result = await poller.fetch();
    options.onPoll?.(result);
    if (result.verdict) last = result.verdict;
    if (result.done && result.verdict) return { timedOut: false, verdict: result.verdict };
    if (now() + result.next > deadline) return { timedOut: true, verdict: last };
    await sleep(result.next);
  }
}
