// `ship env list`: an app's environments (one ECS service each, in the app's
// cluster), found by the `ship:env` tag, with their state.

import { explainAwsError } from '../aws/aws-context.js';
import { environmentHost } from '../deploy/domain-names.js';
import { resourceNames } from '../deploy/naming.js';
import { inventoryScope } from '../operate/destroy-environment.js';
import { readInventory } from '../operate/inventory.js';
import { readServiceStatus } from '../operate/service-status.js';
import { envTag, resourceScope } from '../ops/destroy-plan.js';
import { serviceHealth } from '../ops/status-view.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, envListFlags } from './index.js';
import { nextSteps, resolveServiceTarget } from './service-target.js';

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

export default async function envList(args: CommandArgs<typeof envListFlags>, io: CommandIo): Promise<void> {
  const target = await resolveServiceTarget(args, io);
  const rows: EnvironmentRow[] = [];
  try {
    const inventory = await readInventory(target.context, inventoryScope(target));
    const byEnv = new Map<string, number>();
    for (const r of inventory) {
      const env = r.tags[envTag];
      if (resourceScope(r) === 'env' && env) byEnv.set(env, (byEnv.get(env) ?? 0) + 1);
    }
    for (const env of [...byEnv.keys()].sort()) {
      const names = resourceNames({ app: target.app, env }, target.context.region);
      const s = await readServiceStatus(
        target.context,
        names.cluster,
        names.service,
        env,
        target.config.domain ? environmentHost(target.config.domain, env) : undefined,
      );
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
    io.stdout.write(`${JSON.stringify({ app: target.app, environments: rows }, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    io.stdout.write(`${target.app}: no environments\n`);
    io.stderr.write(nextSteps(`ship deploy --env ${target.env}`));
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
    io.stdout.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
  io.stderr.write(nextSteps('ship status --env <name>', 'ship env delete <name>'));
}
