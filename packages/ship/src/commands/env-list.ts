// `ship env list`: an app's environments (one ECS service each, in the app's
// cluster), found by the `ship:env` tag, with their state.
import { explainAwsError } from '../aws/aws-context.js';
import { ownerOf, resourceNames } from '../deploy/naming.js';
import { appEnvironments, environmentResources } from '../operate/environments.js';
import { readServiceStatus } from '../operate/service-status.js';
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
    const region = target.context.region;
    for (const env of await appEnvironments(target.context, target.app)) {
      const names = resourceNames({ app: target.app, env }, region);
      // The environment's own resources, as `ship destroy --env` would count them.
      const held = (
        await environmentResources(target.context, { app: target.app, env }, target.config.domain)
      ).filter(
        (r) => r.scope === 'env' && ownerOf(r.tags, { app: target.app, env }, 'env', region).state === 'ours',
      );
      const s = await readServiceStatus({
        context: target.context,
        target: { app: target.app, env },
        names,
        region: target.context.region,
        ...(target.config.domain ? { domain: target.config.domain } : {}),
      });
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
        }),
        running: s.running,
        desired: s.desired,
        taskDefinition: primary?.taskDefinition ?? null,
        url: s.url ?? null,
        resources: held.length,
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
