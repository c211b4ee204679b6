// Destroying one environment of an app, as `ship destroy` and `ship env
// delete` do: name what will go, plan from what the reconcile table finds
// under the environment's names (deleting in the table's reverse order), ask
// unless told not to, delete each resource and wait for it to be gone, and
// report. Prints through the command's io; returns or throws.
import { createInterface } from 'node:readline/promises';
import { explainAwsError } from '../aws/aws-context.js';
import { type CommandIo, canAsk } from '../commands/command-io.js';
import type { ServiceTarget } from '../commands/service-target.js';
import { UserError } from '../errors.js';
import { type DestroyPlan, planDestroy, renderDestroyPlan } from '../ops/destroy-plan.js';
import { nextSteps } from '../output/next-steps.js';
import { releaseEnvironmentImages } from '../rollout/protect-image.js';
import { pollIntervalMs } from '../wait/poll-interval.js';
import { appEnvironments, environmentResources, type HeldResource } from './environments.js';
import { deleteAndWait } from './teardown.js';

export interface DestroyOptions {
  yes: boolean;
  timeoutMinutes: number;
  json: boolean;
  /** How the user invoked it, for the hints ("ship destroy --env beta" or "ship env delete beta"). */
  command: string;
}

export async function destroyEnvironment(
  target: ServiceTarget,
  io: CommandIo,
  options: DestroyOptions,
): Promise<void> {
  if (!(options.timeoutMinutes > 0)) {
    throw new UserError(`--timeout ${options.timeoutMinutes}: expected minutes > 0`);
  }
  // Decide before any AWS call whether a prompt is possible.
  if (!options.yes && !canAsk(io)) {
    throw new UserError(
      `refusing to destroy ${target.app} · ${target.env} without confirmation: stdin is not a terminal`,
      `run \`${options.command} --yes\` to destroy without asking`,
    );
  }
  io.stderr.write(
    `ship destroy: app ${target.app}, environment ${target.env}, region ${target.config.region}\n`,
  );
  try {
    const who = { app: target.app, env: target.env };
    const [found, environments] = await Promise.all([
      environmentResources(target.context, who, target.config.domain),
      appEnvironments(target.context, target.app),
    ]);
    const plan = planDestroy(found, who, target.context.region, environments);
    io.stderr.write(renderDestroyPlan(plan));
    if (plan.steps.length === 0) {
      if (options.json) io.stdout.write(`${JSON.stringify(result(target, plan, []))}\n`);
      return;
    }
    if (!options.yes && !(await confirm(target, io))) {
      throw new UserError('destroy cancelled; nothing was deleted', undefined, 1);
    }
    const deleted: string[] = [];
    const intervalMs = pollIntervalMs(io.env, 3_000);
    for (const step of plan.steps) {
      const started = Date.now();
      io.stderr.write(`  deleting ${step.kind} ${step.name} …\n`);
      let shown = '';
      await deleteAndWait(target.context, step, {
        timeoutMs: options.timeoutMinutes * 60_000,
        intervalMs,
        onWait: (what) => {
          if (what !== shown) io.stderr.write(`    waiting: ${step.kind} ${step.name} is ${what}\n`);
          shown = what;
        },
      });
      deleted.push(`${step.kind} ${step.name}`);
      io.stderr.write(
        `✔ deleted ${step.kind} ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
      );
    }
    if (!plan.lastEnvironment) {
      const released = await releaseEnvironmentImages(
        target.context,
        target.names.repository,
        target.env,
        target.config.keepImages,
      );
      if (released) io.stderr.write(`✔ ${released}\n`);
    }
    if (options.json) io.stdout.write(`${JSON.stringify(result(target, plan, deleted))}\n`);
    else io.stdout.write(`destroyed ${target.app} · ${target.env} (${deleted.length} resources)\n`);
    io.stderr.write(
      plan.lastEnvironment
        ? nextSteps(`ship deploy --env ${target.env} to start again`)
        : nextSteps(`ship env list (still there: ${plan.otherEnvironments.join(', ')})`),
    );
  } catch (error) {
    throw explainAwsError(error, target.context);
  }
}

function result(target: ServiceTarget, plan: DestroyPlan<HeldResource>, deleted: string[]) {
  return {
    app: target.app,
    env: target.env,
    lastEnvironment: plan.lastEnvironment,
    otherEnvironments: plan.otherEnvironments,
    deleted,
  };
}

async function confirm(target: ServiceTarget, io: CommandIo): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const answer = await rl.question(`Type the environment name (${target.env}) to destroy it: `);
    return answer.trim() === target.env;
  } finally {
    rl.close();
  }
}
