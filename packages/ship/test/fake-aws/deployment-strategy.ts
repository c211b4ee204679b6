// ECS deployment strategies other than rolling (ECS Developer Guide "Amazon
// ECS blue/green, linear and canary deployments", 2025): once every task of
// the new revision is ready, production traffic moves to it in steps — CANARY:
// canaryPercent, bake canaryBakeTimeInMinutes, then 100 %; LINEAR: stepPercent
// more each step, baking stepBakeTimeInMinutes after each; BLUE_GREEN: 100 % at
// once — then the whole deployment bakes bakeTimeInMinutes before the old
// revision's tasks stop and it is COMPLETED. The traffic split is the weights
// of the production listener rule's forward action between the service's
// target group and advancedConfiguration.alternateTargetGroupArn; the new
// revision gets the group that carried less traffic when the deployment began,
// so the two alternate from one deployment to the next ("Amazon ECS
// automatically registers tasks with the appropriate target group based on the
// deployment stage", ALB resources for blue/green, linear and canary). Throughout, when deploymentConfiguration.alarms is enabled and one
// of its alarms is in ALARM, the deployment FAILS naming the alarm and, with
// rollback, all traffic returns to the old revision and ECS rolls back to the
// last completed task definition. One service tick is one modelled minute
// (`minutesPerTick`), so a 3-minute bake is 3 DescribeServices calls.
import { AwsError } from './errors.js';
import { Params } from './params.js';
import { alarms } from './services/cloudwatch.js';
import type { Deployment, FakeState, Service } from './state.js';
import { addEvent } from './task-lifecycle.js';

export type Strategy = 'ROLLING' | 'BLUE_GREEN' | 'CANARY' | 'LINEAR';

interface Progress {
  /** Traffic percentages still to reach, in order. */
  steps: number[];
  trafficPercent: number;
  /** Modelled minutes left in the current bake. */
  bakeLeft: number;
  /** Bake minutes after each step (the last step's is the deployment's bakeTimeInMinutes). */
  stepBake: number;
  finalBake: number;
  stage: 'SCALE_UP' | 'PRODUCTION_TRAFFIC_SHIFT' | 'BAKE_TIME';
  /** The target group the new revision's traffic goes to. */
  newGroup?: string;
}

const progress = new WeakMap<Deployment, Progress>();
export const minutesPerTick = 1;

interface StrategyConfig {
  strategy?: Strategy;
  bakeTimeInMinutes?: number;
  canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number };
  linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number };
  alarms?: { alarmNames?: string[]; enable?: boolean; rollback?: boolean };
}

const configOf = (service: Service) => (service.config['deploymentConfiguration'] ?? {}) as StrategyConfig;
const invalid = (message: string) => new AwsError('InvalidParameterException', message);

/** CreateService/UpdateService: what ECS refuses about a strategy, before anything changes. */
export function checkStrategy(p: Params, loadBalancers: Params[]): void {
  const config = p.optObj('deploymentConfiguration');
  const strategy = config?.optStr('strategy') ?? 'ROLLING';
  if (!['ROLLING', 'BLUE_GREEN', 'CANARY', 'LINEAR'].includes(strategy)) {
    throw invalid(
      `deploymentConfiguration.strategy ${strategy}: expected ROLLING, BLUE_GREEN, CANARY or LINEAR`,
    );
  }
  const bake = config?.optNum('bakeTimeInMinutes');
  if (bake !== undefined && (bake < 0 || bake > 1440))
    throw invalid('bakeTimeInMinutes must be between 0 and 1440.');
  const canary = config?.optObj('canaryConfiguration');
  const linear = config?.optObj('linearConfiguration');
  const percent = canary?.optNum('canaryPercent');
  if (percent !== undefined && (percent < 0.1 || percent > 100))
    throw invalid('canaryPercent must be between 0.1 and 100.');
  const step = linear?.optNum('stepPercent');
  if (step !== undefined && (step < 3 || step > 100)) throw invalid('stepPercent must be between 3 and 100.');
  for (const [what, value] of [
    ['canaryBakeTimeInMinutes', canary?.optNum('canaryBakeTimeInMinutes')],
    ['stepBakeTimeInMinutes', linear?.optNum('stepBakeTimeInMinutes')],
  ] as const) {
    if (value !== undefined && (value < 0 || value > 1440))
      throw invalid(`${what} must be between 0 and 1440.`);
  }
  if (strategy === 'CANARY' && percent === undefined)
    throw invalid('canaryConfiguration is required for the CANARY strategy.');
  if (strategy === 'LINEAR' && step === undefined)
    throw invalid('linearConfiguration is required for the LINEAR strategy.');
  if (strategy !== 'ROLLING') {
    const advanced = loadBalancers.map((lb) => lb.optObj('advancedConfiguration'));
    if (
      advanced.length === 0 ||
      advanced.some(
        (a) =>
          !a?.optStr('alternateTargetGroupArn') ||
          !a.optStr('productionListenerRule') ||
          !a.optStr('roleArn'),
      )
    ) {
      throw invalid(
        `The ${strategy} deployment strategy requires a load balancer with advancedConfiguration (alternateTargetGroupArn, productionListenerRule, roleArn).`,
      );
    }
  }
}

interface ReleaseLoadBalancer {
  targetGroupArn?: string;
  advancedConfiguration?: { alternateTargetGroupArn?: string; productionListenerRule?: string };
}

const releaseLoadBalancers = (service: Service) =>
  (service.config['loadBalancers'] ?? []) as ReleaseLoadBalancer[];

/** The group carrying less of the production rule's traffic now: where the new revision goes. */
function idleGroup(state: FakeState, lb: ReleaseLoadBalancer): string | undefined {
  const main = lb.targetGroupArn;
  const alternate = lb.advancedConfiguration?.alternateTargetGroupArn;
  const rule = state.elbv2.rules.get(lb.advancedConfiguration?.productionListenerRule ?? '');
  if (!rule || !main || !alternate) return alternate;
  const weightOf = (arn: string) => {
    let weight = 0;
    for (const a of rule.actions) {
      if (a.TargetGroupArn === arn) weight += 1;
      const forward = a['ForwardConfig'] as { TargetGroups?: { TargetGroupArn?: string; Weight?: number }[] };
      for (const g of forward?.TargetGroups ?? []) if (g.TargetGroupArn === arn) weight += g.Weight ?? 1;
    }
    return weight;
  };
  return weightOf(alternate) <= weightOf(main) ? alternate : main;
}

function shiftTraffic(
  state: FakeState,
  service: Service,
  percent: number,
  newGroup: string | undefined,
): void {
  for (const lb of releaseLoadBalancers(service)) {
    const rule = state.elbv2.rules.get(lb.advancedConfiguration?.productionListenerRule ?? '');
    const main = lb.targetGroupArn;
    const alternate = lb.advancedConfiguration?.alternateTargetGroupArn;
    if (!rule || !main || !alternate) continue;
    const fresh = newGroup ?? alternate;
    const old = fresh === main ? alternate : main;
    rule.actions = [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: old, Weight: 100 - percent },
            { TargetGroupArn: fresh, Weight: percent },
          ],
        },
      },
    ];
  }
}

/** The share of production traffic on the new revision and the modelled bake minutes left (for tests). */
export function trafficOf(
  deployment: Deployment,
): { percent: number; bakeLeft: number; stage: string } | undefined {
  const p = progress.get(deployment);
  return p ? { percent: p.trafficPercent, bakeLeft: p.bakeLeft, stage: p.stage } : undefined;
}

/** A firing alarm of the deployment's configuration, if any. */
export function firingAlarm(state: FakeState, service: Service): string | undefined {
  const config = configOf(service).alarms;
  if (!config?.enable) return undefined;
  return config.alarmNames?.find((name) => alarms(state).get(name)?.state === 'ALARM');
}

/** Alarm check on every tick of an IN_PROGRESS deployment; true when it failed. */
export function failOnAlarm(
  state: FakeState,
  service: Service,
  primary: Deployment,
  rollBack: (target: string) => void,
): boolean {
  const alarm = firingAlarm(state, service);
  if (!alarm) return false;
  primary.rolloutState = 'FAILED';
  primary.rolloutStateReason = `ECS deployment ${primary.id} failed: alarm ${alarm} is in ALARM state.`;
  primary.updatedAt = new Date();
  primary.finishedAt = new Date();
  addEvent(
    state,
    service,
    `(deployment ${primary.id}) deployment failed: alarm detected. Alarm ${alarm} is in ALARM state.`,
  );
  shiftTraffic(state, service, 0, progress.get(primary)?.newGroup);
  const target = service.lastCompletedTaskDefinition;
  if (configOf(service).alarms?.rollback && target) {
    addEvent(state, service, `rolling back to taskDefinition ${target}.`);
    rollBack(target);
  }
  return true;
}

/**
 * Called on each tick once all the primary's tasks are ready: 'done' when the
 * strategy lets the deployment complete (rolling: at once), 'hold' otherwise.
 */
export function advanceStrategy(state: FakeState, service: Service, primary: Deployment): 'done' | 'hold' {
  const config = configOf(service);
  const strategy = config.strategy ?? 'ROLLING';
  // A rollback deployment goes straight back; so does a first deployment (nothing to shift from).
  if (strategy === 'ROLLING' || primary.rollbackOf || !service.lastCompletedTaskDefinition) return 'done';
  let p = progress.get(primary);
  if (!p) {
    const steps =
      strategy === 'CANARY'
        ? [config.canaryConfiguration?.canaryPercent ?? 5, 100]
        : strategy === 'LINEAR'
          ? linearSteps(config.linearConfiguration?.stepPercent ?? 10)
          : [100];
    const stepBake =
      strategy === 'CANARY'
        ? (config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 0)
        : strategy === 'LINEAR'
          ? (config.linearConfiguration?.stepBakeTimeInMinutes ?? 0)
          : 0;
    p = {
      steps,
      trafficPercent: 0,
      bakeLeft: 0,
      stepBake,
      finalBake: config.bakeTimeInMinutes ?? 0,
      stage: 'SCALE_UP',
    };
    const lb = releaseLoadBalancers(service)[0];
    const group = lb ? idleGroup(state, lb) : undefined;
    if (group) p.newGroup = group;
    progress.set(primary, p);
  }
  if (p.bakeLeft > 0) {
    p.bakeLeft = Math.max(0, p.bakeLeft - minutesPerTick);
    if (p.bakeLeft > 0) return 'hold';
  }
  const next = p.steps.shift();
  if (next === undefined) return 'done';
  p.trafficPercent = next;
  p.stage = next === 100 ? 'BAKE_TIME' : 'PRODUCTION_TRAFFIC_SHIFT';
  p.bakeLeft = next === 100 ? p.finalBake : p.stepBake;
  shiftTraffic(state, service, next, p.newGroup);
  addEvent(
    state,
    service,
    `(deployment ${primary.id}) shifted ${next}% of production traffic to the new revision.`,
  );
  return p.bakeLeft > 0 || p.steps.length > 0 ? 'hold' : 'done';
}

function linearSteps(step: number): number[] {
  const steps: number[] = [];
  for (let percent = step; percent < 100; percent += step) steps.push(Math.round(percent * 10) / 10);
  steps.push(100);
  return steps;
}

/** CreateService/UpdateService with the strategy checked first (added to the ECS handlers in index.ts). */
export function strategyChecks(
  state: FakeState,
  ecs: Record<string, (p: Params) => unknown>,
): Record<string, (p: Params) => unknown> {
  const wrap = (action: 'CreateService' | 'UpdateService') => (p: Params) => {
    let loadBalancers = p.list('loadBalancers');
    if (action === 'UpdateService' && !p.has('loadBalancers')) {
      const cluster = p.optStr('cluster') ?? 'default';
      const name = p.str('service').split('/').pop() ?? '';
      const existing = state.ecs.services.get(
        state.arn('ecs', `service/${cluster.split('/').pop()}/${name}`),
      );
      const lbs = (existing?.config['loadBalancers'] ?? []) as Params['raw'][];
      loadBalancers = lbs.map((lb) => new Params(lb, 'InvalidParameterException'));
    }
    if (p.has('deploymentConfiguration')) checkStrategy(p, loadBalancers);
    const handler = ecs[action];
    if (!handler) throw new Error(`fake ECS has no ${action}`);
    return handler(p);
  };
  return { CreateService: wrap('CreateService'), UpdateService: wrap('UpdateService') };
}
