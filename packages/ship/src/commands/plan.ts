// `ship plan`: what `ship deploy` would do, without doing it: resources to
// create or bring in line, the task-definition diff, the service change, the
// monthly cost. Reads AWS; changes nothing. The image is built locally (not
// pushed) to know its digest, unless --image names one.
import { awsContext, explainAwsError } from '../aws/aws-context.js';
import { loadConfig } from '../config/load-config.js';
import { formatPlan } from '../deploy/plan.js';
import { formatChange } from '../deploy/task-definition-diff.js';
import { UserError } from '../errors.js';
import { parseReference } from '../image/reference.js';
import { isLoopbackRegistry } from '../output/output-target.js';
import { chooseProgressMode, createProgressDisplay } from '../progress/progress-display.js';
import { prepareDeployment } from '../rollout/prepare-deployment.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, planFlags } from './index.js';
import { withBranchEnvironment } from './service-target.js';

export default async function plan(args: CommandArgs<typeof planFlags>, io: CommandIo): Promise<void> {
  // Same environment as `ship deploy` would pick (the git branch unless the config or --env names one).
  const loaded = await loadConfig(await withBranchEnvironment(args, io), io.env, io.cwd);
  const { config } = loaded;
  const context = awsContext({ region: config.region, profile: args.profile }, io.env);
  let prepared: Awaited<ReturnType<typeof prepareDeployment>>;
  try {
    prepared = await prepareDeployment({
      context,
      config,
      image: async (repositoryUri) => {
        if (args.image) return args.image;
        const display = createProgressDisplay(
          io.stderr,
          args.json ? 'silent' : chooseProgressMode(io.stderr, io.env),
        );
        const base = config.baseImage;
        const { buildImage } = await import('../build/build-image.js');
        const built = await buildImage({
          appDir: loaded.appDir,
          platform: { os: 'linux', architecture: config.platform === 'ARM64' ? 'arm64' : 'amd64' },
          port: config.port,
          ...(config.build?.start ? { start: config.build.start } : {}),
          ...(base ? { base, insecureBase: isLoopbackRegistry(registryOf(base)) } : {}),
          onProgress: display.sink,
        }).finally(() => display.finish());
        return `${repositoryUri}@${built.manifest.digest}`;
      },
    });
  } catch (error) {
    throw explainAwsError(error, context);
  }
  const { plan, names } = prepared;
  if (args.json) {
    const td = plan.taskDefinition;
    io.stdout.write(
      `${JSON.stringify(
        {
          app: config.app,
          environment: config.environment,
          region: config.region,
          image: prepared.image,
          create: plan.creates.map((r) => ({ kind: r.kind, name: r.name })),
          update: plan.updates.map((r) => ({ kind: r.kind, name: r.name, changes: r.updates })),
          unchanged: plan.unchanged.map((r) => ({ kind: r.kind, name: r.name })),
          conflicts: plan.conflicts,
          taskDefinition: {
            action: td.action,
            ...('revision' in td ? { revision: td.revision } : {}),
            changes: td.action === 'keep' ? [] : td.changes.map(formatChange),
          },
          service: plan.service,
          ...(plan.release ? { release: plan.release } : {}),
          cost: plan.cost,
          nothingToChange: plan.nothingToChange,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout.write(
      `plan for ${names.service} in ${config.region} (${config.cpu} CPU / ${config.memory} MiB ${config.platform}):\n`,
    );
    for (const line of formatPlan(plan, { names })) io.stdout.write(`${line}\n`);
  }
  if (plan.conflicts.length > 0) {
    throw new UserError(
      'deploy would stop: resources under ship’s names were not created by ship',
      'pick another app name ("app" in ship.config.json) or remove those resources',
    );
  }
  if (!args.json) io.stderr.write(plan.nothingToChange ? '' : 'next: ship deploy\n');
}

function registryOf(reference: string): string {
  try {
    return parseReference(reference).registry;
  } catch {
    return '';
  }
}
