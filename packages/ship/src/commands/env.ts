// `ship env list` and `ship env delete <name>`: an app's environments (one
// ECS service each, in the app's cluster), found by the `ship:env` tag.
import { defineCommand } from 'citty';
import { explainAwsError } from '../aws/aws-context.js';
import { resourceNames } from '../deploy/naming.js';
import { readInventory } from '../operate/inventory.js';
import { readServiceStatus } from '../operate/service-status.js';
import { envTag, resourceScope } from '../ops/destroy-plan.js';
import { checkEnvironmentName } from '../ops/environment-name.js';
import { serviceHealth } from '../ops/status-view.js';
import { destroyEnvironment, inventoryScope } from './destroy.js';
import { nextSteps, resolveServiceTarget, targetArgs } from './service-target.js';

interface EnvironmentRow {
  env: string;
  service: string;
  health: string;
  running: number;
  desired: number;
  taskDefinition: string | null;
  url: string | null;
  resources: number;
  current: boolean;
}

const list = defineCommand({
  meta: { name: 'list', description: "List the app's environments with their state." },
  args: { ...targetArgs, json: { type: 'boolean', description: 'Print the list as JSON on stdout' } },
  async run({ args }) {
    const target = await resolveServiceTarget(args);
    const rows: EnvironmentRow[] = [];
    try {
      const inventory = await readInventory(target.context, inventoryScope(target));
      const byEnv = new Map<string, number>();
      for (const r of inventory) {
        const env = r.tags[envTag];
        if (resourceScope(r) === 'env' && env) byEnv.set(env, (byEnv.get(env) ?? 0) + 1);
      }
      for (const env of [...byEnv.keys()].sort()) {
        const names = resourceNames({ app: target.app, env });
        const s = await readServiceStatus(target.context, names.cluster, names.service);
        const primary = s.deployments.find((d) => d.role === 'PRIMARY');
        rows.push({
          env,
          service: names.service,
          health: serviceHealth({
            ...s,
            app: target.app,
            env,
            region: '',
            cost: undefined,
            autoscaling: undefined,
          }),
          running: s.running,
          desired: s.desired,
          taskDefinition: primary?.taskDefinition ?? null,
          url: s.url ?? null,
          resources: byEnv.get(env) ?? 0,
          current: env === target.env,
        });
      }
    } catch (error) {
      throw explainAwsError(error, target.context);
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ app: target.app, environments: rows }, null, 2)}\n`);
      return;
    }
    if (rows.length === 0) {
      process.stdout.write(`${target.app}: no environments\n`);
      process.stderr.write(nextSteps(`ship deploy --env ${target.env}`));
      return;
    }
    const table = [
      ['ENV', 'HEALTH', 'TASKS', 'REVISION', 'URL'],
      ...rows.map((r) => [
        `${r.current ? '*' : ' '} ${r.env}`,
        r.health,
        `${r.running}/${r.desired}`,
        r.taskDefinition ?? '-',
        r.url ?? '-',
      ]),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) {
      process.stdout.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
      );
    }
    process.stderr.write(nextSteps('ship status --env <name>', 'ship env delete <name>'));
  },
});

const remove = defineCommand({
  meta: {
    name: 'delete',
    description: 'Delete an environment (its service, target group, …) in one command.',
  },
  args: {
    name: { type: 'positional', required: true, description: 'Environment to delete, e.g. feature-login' },
    ...targetArgs,
    yes: { type: 'boolean', alias: 'y', description: 'Do not ask for confirmation' },
    timeout: { type: 'string', default: '20', description: 'Minutes to wait for each resource to be gone' },
    json: { type: 'boolean', description: 'Print what was deleted as JSON on stdout' },
  },
  async run({ args }) {
    const env = checkEnvironmentName(args.name, 'environment');
    const target = await resolveServiceTarget({ ...args, env });
    await destroyEnvironment(target, {
      yes: Boolean(args.yes),
      timeoutMinutes: Number(args.timeout),
      json: Boolean(args.json),
      command: `ship env delete ${env}`,
    });
  },
});

export default defineCommand({
  meta: { name: 'env', description: "An app's environments: list them, delete one." },
  subCommands: { list, delete: remove },
});
