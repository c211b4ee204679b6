// `ship deploy` as a library: observe → refuse conflicts → repository → image
// → ensure the rest → task definition (only if it differs) → service → wait →
// URL. Every step is idempotent, so a re-run after an interruption finishes
// the job; a re-run with nothing changed creates nothing and says so.
import type { AwsContext } from '../aws/aws-context.js';
import type { Repository } from '../aws/ecr.js';
import { registerTaskDefinition, type ServiceSpec, serviceTasks } from '../aws/ecs.js';
import { callerAccount } from '../aws/sts.js';
import type { ShipConfig } from '../config/schema.js';
import { type ResourceNames, resourceNames, shipTags, type Target } from '../deploy/naming.js';
import { formatPlan, type Plan, planDeployment } from '../deploy/plan.js';
import { releaseMinutes, releaseOf } from '../deploy/release.js';
import { buildTaskDefinition, revisionName, type TaskDefinition } from '../deploy/task-definition.js';
import { formatChange } from '../deploy/task-definition-diff.js';
import { UserError } from '../errors.js';
import { hostHeaderOf } from '../ops/environment-route.js';
import type { ProgressRenderer } from '../progress/rollout-progress.js';
import { type DeployOutcome, defaultTimeoutMs, deployService, type ServiceChange } from './deploy-service.js';
import { ensureEnvironmentRoute } from './environment-route.js';
import { deployExpress } from './express-deploy.js';
import { observe } from './observe.js';
import { planInputFor, serviceSpec } from './prepare-deployment.js';
import { ensureProductionRule } from './production-rule.js';
import { protectImageInUse, runningImage } from './protect-image.js';
import { applyResources, type ResourceChange, tableContext } from './reconcile.js';
import type { TableContext } from './resource-entry.js';
import { serviceUrl } from './service-url.js';

export interface RunDeployOptions {
  context: AwsContext;
  config: ShipConfig;
  /** The image to run: `--image`, or a build pushed to the repository. Returns a reference, by digest when possible. */
  image: (repository: Repository) => Promise<string>;
  wait: boolean;
  renderer: ProgressRenderer;
  /** Asked before changing anything when resources will be created (skipped with --yes or without a terminal). */
  confirm?: (plan: Plan, lines: string[]) => Promise<boolean>;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

export interface DeployResult {
  state: DeployOutcome['state'] | 'unchanged';
  app: string;
  environment: string;
  region: string;
  service: string;
  cluster: string;
  image: string;
  taskDefinition: string;
  revision: string;
  /** Resources created by this run, e.g. "cluster demo". */
  created: string[];
  /** What this run created or brought in line: the same list `ship plan` showed. */
  resources: ResourceChange[];
  /** Task-definition changes, e.g. "cpu: 256 → 512". */
  changes: string[];
  url?: string;
  cost: string;
  reason?: string;
  runningRevision?: string;
  /** The CloudWatch alarm that rolled the release back, with CloudWatch's reason. */
  alarm?: { name: string; reason: string };
  details: string[];
}

export async function runDeploy(options: RunDeployOptions): Promise<DeployResult> {
  const { context, config, renderer } = options;
  const target: Target = { app: config.app, env: config.environment };
  const names = resourceNames(target, config.region, config.target);
  const account = await callerAccount(context);
  const observation = await observe(context, config, names, account);

  // Refuse before creating anything when someone else's resource holds one of our names.
  const preview = planDeployment(
    planInputFor({
      context,
      config,
      names,
      target,
      observation,
      desired: observation.current ?? placeholder(config, names),
    }),
  );
  await refuseOrConfirm(preview, names, options.confirm);

  const created: string[] = [];
  const touched: string[] = [];
  const report = (line: string) => {
    touched.push(line);
    if (line.startsWith('created ')) created.push(line.slice('created '.length).replace(/ \(.*\)$/, ''));
    renderer.line(line);
  };
  const table = tableContext({
    context,
    config,
    names,
    target,
    observation,
    account,
    progress: (line) => renderer.line(line),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  const { image, resources, resourceChanges } = await ensureResourcesAndImage(table, options.image, report);
  // Before any task definition names the image: ECR must never expire it, nor the one it replaces.
  if (table.resolved.repository) {
    const kept = await protectImageInUse(context, {
      repository: table.resolved.repository,
      env: config.environment,
      image,
      previous: runningImage(observation.current, names.container),
      keep: config.keepImages,
    });
    if (kept.line && kept.changed) report(kept.line);
    else if (kept.line) renderer.line(kept.line);
  }

  const desired = buildTaskDefinition({ config, names, image, executionRoleArn: resources.executionRoleArn });
  const refreshed =
    config.target === 'express'
      ? observation
      : {
          ...observation,
          taskGroup: observation.taskGroup ?? {
            id: resources.taskGroupId,
            name: names.taskSecurityGroup,
            tags: {},
            ingress: [],
          },
        };
  const plan = planDeployment(
    planInputFor({ context, config, names, target, observation: refreshed, desired }),
  );
  // A first revision has no "before": listing every field as added says nothing.
  const changes =
    plan.taskDefinition.action === 'keep' || !refreshed.current
      ? []
      : plan.taskDefinition.changes.map(formatChange);

  const taskDefinition = await chooseRevision(context, plan, desired, target, report);
  for (const line of changes) renderer.line(`    ${line}`);

  const base = {
    app: config.app,
    environment: config.environment,
    region: config.region,
    service: names.service,
    cluster: names.cluster,
    image,
    taskDefinition,
    revision: revisionName(taskDefinition),
    created,
    resources: resourceChanges,
    changes,
    cost: plan.cost,
  };
  if (config.target === 'express') {
    if (plan.service.action === 'none' && touched.length === 0)
      renderer.line(`nothing to change: ${names.service} already runs ${revisionName(taskDefinition)}`);
    const { outcome, url } = await deployExpress({
      context,
      config,
      names,
      target,
      account,
      plan,
      taskDefinition,
      infrastructureRoleArn: resources.infrastructureRoleArn,
      wait: options.wait,
      renderer,
      ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    const state = outcome?.state ?? (touched.length === 0 ? 'unchanged' : 'succeeded');
    return {
      ...base,
      state,
      details: outcome?.details ?? [],
      ...(outcome?.reason ? { reason: outcome.reason } : {}),
      ...(outcome?.runningRevision ? { runningRevision: outcome.runningRevision } : {}),
      ...(url ? { url } : {}),
    };
  }
  const https = Boolean(config.certificateArn || config.domain);
  const urlOptions = {
    port: config.port,
    ...(observation.domain ? { domainHost: observation.domain.host } : {}),
    tasks: () =>
      serviceTasks(context, { cluster: names.cluster, service: names.service, desiredStatus: 'RUNNING' }),
    taskDefinition,
    ...(resources.loadBalancer
      ? {
          loadBalancer: {
            dnsName: resources.loadBalancer.dnsName,
            https,
            arn: resources.loadBalancer.arn,
            env: config.environment,
            ...(resources.targetGroupArn ? { targetGroupArn: resources.targetGroupArn } : {}),
          },
        }
      : {}),
  };

  if (plan.service.action === 'none' && touched.length === 0) {
    renderer.line(`nothing to change: ${names.service} already runs ${revisionName(taskDefinition)}`);
    return { ...base, state: 'unchanged', details: [], ...(await urlOf(context, urlOptions)) };
  }
  const spec = serviceSpec({ config, names, target, observation: refreshed }, resources, taskDefinition);
  const change = serviceChange(plan, spec);
  if (!change) {
    // Only supporting resources changed; the service already runs this revision.
    return { ...base, state: 'succeeded', details: [], ...(await urlOf(context, urlOptions)) };
  }
  const outcome = await deployService({
    context,
    cluster: names.cluster,
    service: names.service,
    taskDefinition,
    change,
    wait: options.wait,
    renderer,
    logs: { group: names.logGroup, streamPrefix: config.environment, container: names.container },
    ...(resources.targetGroupArn ? { targetGroupArn: resources.targetGroupArn } : {}),
    ...(resources.release
      ? {
          release: {
            productionRuleArn: resources.release.productionListenerRule,
            alternateTargetGroupArn: resources.release.alternateTargetGroupArn,
          },
        }
      : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    // The timeout counts the rollout; the release's traffic steps and bakes come on top.
    timeoutMs: (options.timeoutMs ?? defaultTimeoutMs) + releaseMinutes(releaseOf(config)) * 60_000,
  });
  const result: DeployResult = { ...base, state: outcome.state, details: outcome.details };
  if (outcome.reason) result.reason = outcome.reason;
  if (outcome.runningRevision) result.runningRevision = outcome.runningRevision;
  if (outcome.alarm) result.alarm = outcome.alarm;
  if (outcome.state === 'succeeded') Object.assign(result, await urlOf(context, urlOptions));
  return result;
}

/** Refuses before creating anything when someone else's resource holds one of our names; asks when creating. */
async function refuseOrConfirm(preview: Plan, names: ResourceNames, confirm: RunDeployOptions['confirm']) {
  if (preview.conflicts.length > 0) {
    throw new UserError(
      `cannot deploy ${names.service}:\n  ${preview.conflicts.join('\n  ')}`,
      'ship never changes what it did not create: pick another app name ("app" in ship.config.json) or remove those resources',
    );
  }
  if (confirm && preview.creates.length > 0) {
    const ok = await confirm(preview, formatPlan(preview, { names }));
    if (!ok)
      throw new UserError(
        'deploy cancelled; nothing was changed',
        'run `ship plan` to review, or pass --yes',
      );
  }
}

/** The table plan walked, applied: the repository first (the image is pushed before anything else is needed), then the rest. */
async function ensureResourcesAndImage(
  table: TableContext,
  imageFor: RunDeployOptions['image'],
  report: (line: string) => void,
) {
  const { context, target } = table;
  // The table plan walked, applied: the repository first (the image is pushed before anything else is needed).
  const resourceChanges = await applyResources(table, 'repository', report);
  const { resolved } = table;
  if (!resolved.repository) throw new Error('the image repository was neither found nor created');
  const image = await imageFor(resolved.repository);
  resourceChanges.push(...(await applyResources(table, 'rest', report)));
  const express = table.config.target === 'express';
  if (!express && !resolved.taskGroupId) throw new Error('the security group was neither found nor created');
  let release:
    | { alternateTargetGroupArn: string; productionListenerRule: string; roleArn: string }
    | undefined;
  if (resolved.loadBalancer && resolved.targetGroupArn) {
    // Environments share the listener: all but its default one are reached by a host rule.
    const route = { loadBalancerArn: resolved.loadBalancer.arn, targetGroupArn: resolved.targetGroupArn };
    const hostHeader = table.observation.domain?.host;
    for (const line of await ensureEnvironmentRoute(context, {
      ...route,
      env: target.env,
      ...(hostHeader ? { hostHeader } : {}),
      tags: shipTags(target, 'env'),
    }))
      report(line);
    if (resolved.alternateTargetGroupArn && resolved.releaseRoleArn) {
      // Canary, linear, blue/green: ECS moves the weights of the environment's production rule.
      const rule = await ensureProductionRule(context, {
        ...route,
        alternateTargetGroupArn: resolved.alternateTargetGroupArn,
        env: target.env,
        hostHeader: hostHeader ?? hostHeaderOf(target.env),
        tags: shipTags(target, 'env'),
      });
      for (const line of rule.done) report(line);
      release = {
        alternateTargetGroupArn: resolved.alternateTargetGroupArn,
        productionListenerRule: rule.ruleArn,
        roleArn: resolved.releaseRoleArn,
      };
    }
  }
  const alarmNames =
    resolved.loadBalancer && releaseOf(table.config).alarms
      ? [table.names.alarm5xxRate, table.names.alarmP99Latency]
      : [];
  const resources = {
    executionRoleArn: resolved.roleArn,
    infrastructureRoleArn: resolved.infrastructureRoleArn,
    taskGroupId: resolved.taskGroupId ?? '',
    loadBalancer: resolved.loadBalancer,
    targetGroupArn: resolved.targetGroupArn,
    ...(release ? { release } : {}),
    alarmNames,
  };
  return { image, resources, resourceChanges };
}

/** The revision to run: the current one, one an interrupted run registered, or a new one. */
async function chooseRevision(
  context: AwsContext,
  plan: Plan,
  desired: TaskDefinition,
  target: Target,
  report: (line: string) => void,
): Promise<string> {
  if (plan.taskDefinition.action === 'keep') return plan.taskDefinition.revision;
  if (plan.taskDefinition.action === 'reuse') {
    report(`using ${revisionName(plan.taskDefinition.revision)}, registered by an earlier run`);
    return plan.taskDefinition.revision;
  }
  const registered = await registerTaskDefinition(context, desired, shipTags(target, 'env'));
  const taskDefinition = registered.taskDefinitionArn ?? '';
  report(`registered ${revisionName(taskDefinition)}`);
  return taskDefinition;
}

function serviceChange(plan: Plan, spec: ServiceSpec): ServiceChange | undefined {
  switch (plan.service.action) {
    case 'create':
      return { kind: 'create', spec };
    case 'update':
      return { kind: 'update', spec };
    case 'wait':
      return { kind: 'wait' };
    default:
      return undefined;
  }
}

async function urlOf(
  context: AwsContext,
  options: Parameters<typeof serviceUrl>[1],
): Promise<{ url?: string }> {
  const url = await serviceUrl(context, options);
  return url ? { url } : {};
}

/** A stand-in definition for the conflict check, before the image is known. */
function placeholder(config: ShipConfig, names: ResourceNames) {
  return buildTaskDefinition({ config, names, image: '(to be built)', executionRoleArn: '' });
}
