// `ship destroy [--env NAME] [--yes]`: delete what ship created for one
// environment, in dependency order, waiting for each resource to be gone; the
// app's shared resources go with its last environment. Asks first unless
// --yes; refuses to ask when stdin is not a terminal. Safe to re-run: the
// plan is made from what still exists.
import { createInterface } from 'node:readline/promises';
import { defineCommand } from 'citty';
import { explainAwsError } from '../aws/aws-context.js';
import { UserError } from '../errors.js';
import { readInventory } from '../operate/inventory.js';
import { deleteAndWait } from '../operate/teardown.js';
import { type DestroyPlan, planDestroy, renderDestroyPlan } from '../ops/destroy-plan.js';
import { nextSteps, resolveServiceTarget, type ServiceTarget, targetArgs } from './service-target.js';

export default defineCommand({
  meta: {
    name: 'destroy',
    description: "Delete an environment's resources (and the app's shared ones with its last environment).",
  },
  args: {
    ...targetArgs,
    yes: { type: 'boolean', alias: 'y', description: 'Do not ask for confirmation' },
    timeout: { type: 'string', default: '20', description: 'Minutes to wait for each resource to be gone' },
    json: { type: 'boolean', description: 'Print what was deleted as JSON on stdout' },
  },
  async run({ args }) {
    const target = await resolveServiceTarget(args);
    await destroyEnvironment(target, {
      yes: Boolean(args.yes),
      timeoutMinutes: Number(args.timeout),
      json: Boolean(args.json),
      command: `ship destroy --env ${target.env}`,
    });
  },
});

export interface DestroyOptions {
  yes: boolean;
  timeoutMinutes: number;
  json: boolean;
  /** How the user invoked it, for the hints ("ship destroy --env beta" or "ship env delete beta"). */
  command: string;
}

export async function destroyEnvironment(target: ServiceTarget, options: DestroyOptions): Promise<void> {
  if (!(options.timeoutMinutes > 0)) {
    throw new UserError(`--timeout ${options.timeoutMinutes}: expected minutes > 0`);
  }
  // Decide before any AWS call whether a prompt is possible.
  if (!options.yes && !process.stdin.isTTY) {
    throw new UserError(
      `refusing to destroy ${target.app} · ${target.env} without confirmation: stdin is not a terminal`,
      `run \`${options.command} --yes\` to destroy without asking`,
    );
  }
  try {
    const plan = planDestroy(
      await readInventory(target.context, inventoryScope(target)),
      target.app,
      target.env,
    );
    process.stderr.write(renderDestroyPlan(plan));
    if (plan.steps.length === 0) {
      if (options.json) process.stdout.write(`${JSON.stringify(result(target, plan, []))}\n`);
      return;
    }
    if (!options.yes && !(await confirm(target))) {
      throw new UserError('destroy cancelled; nothing was deleted', undefined, 1);
    }
    const deleted: string[] = [];
    const intervalMs = pollIntervalMs();
    for (const step of plan.steps) {
      const started = Date.now();
      process.stderr.write(`  deleting ${step.kind} ${step.name} …\n`);
      let shown = '';
      await deleteAndWait(target.context, step, {
        timeoutMs: options.timeoutMinutes * 60_000,
        intervalMs,
        onWait: (what) => {
          if (what !== shown) process.stderr.write(`    waiting: ${step.kind} ${step.name} is ${what}\n`);
          shown = what;
        },
      });
      deleted.push(`${step.kind} ${step.name}`);
      process.stderr.write(
        `✔ deleted ${step.kind} ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
      );
    }
    if (options.json) process.stdout.write(`${JSON.stringify(result(target, plan, deleted))}\n`);
    else process.stdout.write(`destroyed ${target.app} · ${target.env} (${deleted.length} resources)\n`);
    process.stderr.write(
      plan.lastEnvironment
        ? nextSteps(`ship deploy --env ${target.env} to start again`)
        : nextSteps(`ship env list (still there: ${plan.otherEnvironments.join(', ')})`),
    );
  } catch (error) {
    throw explainAwsError(error, target.context);
  }
}

export function inventoryScope(target: ServiceTarget) {
  return {
    app: target.app,
    cluster: target.names.cluster,
    repository: target.names.repository,
    // Every environment's log group: the naming's group for this one without the env.
    logGroupPrefix: target.names.logGroup.slice(0, -target.env.length),
  };
}

function result(target: ServiceTarget, plan: DestroyPlan, deleted: string[]) {
  return {
    app: target.app,
    env: target.env,
    lastEnvironment: plan.lastEnvironment,
    otherEnvironments: plan.otherEnvironments,
    deleted,
  };
}

async function confirm(target: ServiceTarget): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Type the environment name (${target.env}) to destroy it: `);
    return answer.trim() === target.env;
  } finally {
    rl.close();
  }
}

/** Between checks while deleting (SHIP_POLL_INTERVAL_MS for tests against a local endpoint). */
function pollIntervalMs(): number {
  const fromEnv = Number(process.env.SHIP_POLL_INTERVAL_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 3000;
}
