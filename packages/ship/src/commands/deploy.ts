// `ship deploy`: from source (or --image) to a running ECS Fargate service.
// validate (config, sizes: before any AWS call) → ask (when creating, on a
// terminal) → execute (library: rollout/run-deploy) → report and next steps.
import { createInterface } from 'node:readline/promises';
import { defineCommand } from 'citty';
import { awsContext, explainAwsError } from '../aws/aws-context.js';
import { configFlags } from '../config/flags.js';
import { loadConfig } from '../config/load-config.js';
import { UserError } from '../errors.js';
import { chooseProgressMode, createProgressDisplay } from '../progress/progress-display.js';
import { applyConfiguredAutoscaling } from '../rollout/autoscaling.js';
import { resolveImage } from '../rollout/resolve-image.js';
import { type DeployResult, runDeploy } from '../rollout/run-deploy.js';
import { createProgressRenderer } from '../wait/progress-renderer.js';
import { withBranchEnvironment } from './service-target.js';

export default defineCommand({
  meta: {
    name: 'deploy',
    description:
      'Build and push the app (unless --image), ensure its AWS resources, register a task definition if it changed, update the service and wait until it is healthy',
  },
  args: {
    ...configFlags,
    image: {
      type: 'string',
      description: 'Deploy this image instead of building (registry/repo@sha256:… or :tag)',
    },
    yes: { type: 'boolean', description: 'Do not ask before creating resources' },
    wait: {
      type: 'boolean',
      default: true,
      description: 'Wait until the rollout completes',
      negativeDescription: 'Return once ECS accepted the update (poll later with `ship status`)',
    },
    timeout: { type: 'string', description: 'Minutes to wait for the rollout (default 20)' },
  },
  async run({ args }) {
    // validate: everything that can be checked without AWS, before any call
    const loaded = await loadConfig(await withBranchEnvironment(args));
    const { config } = loaded;
    const timeoutMs = args.timeout === undefined ? undefined : minutes(args.timeout);
    const context = awsContext({ region: config.region, profile: args.profile });
    const renderer = createProgressRenderer(process.stderr, { quiet: Boolean(args.json) });
    const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY) && !args.yes && !args.json;

    let result: DeployResult;
    try {
      result = await runDeploy({
        context,
        config,
        renderer,
        wait: args.wait !== false,
        ...(timeoutMs ? { timeoutMs } : {}),
        ...(process.env.SHIP_POLL_INTERVAL_MS
          ? { pollIntervalMs: Number(process.env.SHIP_POLL_INTERVAL_MS) }
          : {}),
        ...(interactive ? { confirm: (_plan, lines) => confirm(lines) } : {}),
        image: async (repository) => {
          if (args.image) return resolveImage(context, args.image, repository, (line) => renderer.line(line));
          // Loaded only when building: an --image deploy needs none of the image code.
          const { buildAndPush } = await import('../rollout/build-and-push.js');
          const display = createProgressDisplay(
            process.stderr,
            args.json ? 'silent' : chooseProgressMode(process.stderr),
          );
          try {
            const pushed = await buildAndPush({
              config,
              appDir: loaded.appDir,
              repository,
              onProgress: display.sink,
              ...(args.profile ? { profile: args.profile } : {}),
            });
            display.finish();
            renderer.line(
              `pushed ${pushed.reference} (${pushed.bytesUploaded} bytes uploaded, ${pushed.layersSkipped} layers already there)`,
            );
            return pushed.reference;
          } catch (error) {
            display.finish();
            throw error;
          }
        },
      });
      // Autoscaling (ship ops) once the service exists: bounds and policy from the config, or removed with the block.
      if (result.state === 'succeeded' || result.state === 'unchanged' || result.state === 'accepted') {
        const scaling = await applyConfiguredAutoscaling(context, config);
        if (scaling) renderer.line(scaling);
      }
    } catch (error) {
      throw explainAwsError(error, context);
    }

    // report
    if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    switch (result.state) {
      case 'succeeded':
      case 'unchanged':
        if (!args.json) {
          process.stdout.write(
            `✔ ${result.service} runs ${result.revision}${result.url ? ` at ${result.url}` : ''}\n`,
          );
          process.stderr.write(
            `  ${result.cost}\n  next: ship status --env ${result.environment}, ship logs --env ${result.environment}\n`,
          );
        }
        return;
      case 'accepted':
        if (!args.json) {
          process.stdout.write(
            `✔ ${result.service}: ECS accepted ${result.revision}; not waiting (--no-wait)\n`,
          );
          process.stderr.write(`  next: ship status --env ${result.environment} to follow the rollout\n`);
        }
        return;
      default: {
        if (args.json) {
          process.exitCode = 1;
          return;
        }
        const what =
          result.state === 'rolled-back'
            ? `deploy of ${result.revision} failed and ECS rolled back to ${result.runningRevision}: ${result.reason}`
            : result.state === 'timed-out'
              ? `deploy of ${result.revision} did not finish: ${result.reason}`
              : `deploy of ${result.revision} failed: ${result.reason}`;
        throw new UserError(
          [what, ...result.details.map((d) => `  ${d}`)].join('\n'),
          result.state === 'timed-out'
            ? `run \`ship status --env ${result.environment}\`; \`ship deploy\` again waits for it`
            : `fix the app (see the reasons above), then \`ship deploy\` again; \`ship logs --env ${result.environment}\` for more`,
        );
      }
    }
  },
});

function minutes(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new UserError(`--timeout ${raw}: expected minutes, e.g. 15`);
  return value * 60_000;
}

async function confirm(lines: string[]): Promise<boolean> {
  process.stderr.write(`${lines.join('\n')}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question('Create these resources and deploy? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
