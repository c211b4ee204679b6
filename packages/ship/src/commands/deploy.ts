// `ship deploy`: from source (or --image) to a running ECS Fargate service.
// validate (config, sizes: before any AWS call) → ask (when creating, on a
// terminal) → execute (library: rollout/run-deploy) → report and next steps.
import { createInterface } from 'node:readline/promises';
import { awsContext, explainAwsError } from '../aws/aws-context.js';
import { loadConfig } from '../config/load-config.js';
import { releaseOf } from '../deploy/release.js';
import { UserError } from '../errors.js';
import { chooseProgressMode, createProgressDisplay } from '../progress/progress-display.js';
import { rolloutProgress } from '../progress/rollout-progress.js';
import { applyConfiguredAutoscaling } from '../rollout/autoscaling.js';
import { resolveImage } from '../rollout/resolve-image.js';
import { type DeployResult, runDeploy } from '../rollout/run-deploy.js';
import { pollIntervalMs } from '../wait/poll-interval.js';
import { type CommandIo, canAsk } from './command-io.js';
import type { CommandArgs, deployFlags } from './index.js';
import { withBranchEnvironment } from './service-target.js';

export default async function deploy(args: CommandArgs<typeof deployFlags>, io: CommandIo): Promise<number> {
  // validate: everything that can be checked without AWS, before any call
  const loaded = await loadConfig(await withBranchEnvironment(args, io), io.env, io.cwd);
  const { config } = loaded;
  const timeoutMs = minutes(args.timeout);
  const context = awsContext({ region: config.region, profile: args.profile }, io.env);
  // One display for the whole command: the build's tasks, then the rollout's lines and status.
  const display = createProgressDisplay(
    io.stderr,
    args.json ? 'silent' : chooseProgressMode(io.stderr, io.env),
  );
  const renderer = rolloutProgress(display, { release: releaseOf(config) });
  const interactive = canAsk(io) && !args.yes && !args.json;

  let result: DeployResult;
  try {
    result = await runDeploy({
      context,
      config,
      renderer,
      wait: args.wait,
      timeoutMs,
      pollIntervalMs: pollIntervalMs(io.env, 5_000),
      ...(interactive ? { confirm: (_plan, lines) => confirm(lines, io) } : {}),
      image: async (repository) => {
        if (args.image) return resolveImage(context, args.image, repository, (line) => renderer.line(line));
        // Loaded only when building: an --image deploy needs none of the image code.
        const { buildAndPush } = await import('../rollout/build-and-push.js');
        try {
          const pushed = await buildAndPush({
            config,
            appDir: loaded.appDir,
            repository,
            onProgress: display.sink,
            env: io.env,
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
    // An Express service's scaling is its scaling target, set with the service.
    const settled =
      result.state === 'succeeded' || result.state === 'unchanged' || result.state === 'accepted';
    if (settled && config.target !== 'express') {
      const scaling = await applyConfiguredAutoscaling(context, config);
      if (scaling) renderer.line(scaling);
    }
  } catch (error) {
    throw explainAwsError(error, context);
  }

  // report
  if (args.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  switch (result.state) {
    case 'succeeded':
    case 'unchanged':
      if (!args.json) {
        io.stdout.write(
          `✔ ${result.service} runs ${result.revision}${result.url ? ` at ${result.url}` : ''}\n`,
        );
        if (config.target === 'service' && config.loadBalancer === 'none') {
          io.stderr.write(
            '  note: this address changes on every deploy (no load balancer); "loadBalancer": "alb" in ship.config.json gives a stable one\n',
          );
        }
        io.stderr.write(
          `  ${result.cost}\n  next: ship status --env ${result.environment}, ship logs --env ${result.environment}\n`,
        );
      }
      return 0;
    case 'accepted':
      if (!args.json) {
        io.stdout.write(`✔ ${result.service}: ECS accepted ${result.revision}; not waiting (--no-wait)\n`);
        io.stderr.write(`  next: ship status --env ${result.environment} to follow the rollout\n`);
      }
      return 0;
    default: {
      if (args.json) return 1;
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
}

function minutes(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new UserError(`--timeout ${raw}: expected minutes, e.g. 15`);
  return value * 60_000;
}

async function confirm(lines: string[], io: CommandIo): Promise<boolean> {
  io.stderr.write(`${lines.join('\n')}\n`);
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const answer = await rl.question('Create these resources and deploy? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
