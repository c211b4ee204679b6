// `ship destroy --env NAME [--yes]`: delete what ship created for one
// environment, in dependency order, waiting for each resource to be gone; the
// app's shared resources go with its last environment. It always says which
// app, environment and region it is about to delete. On a terminal it asks
// you to type the environment's name; without one it needs both --env (never
// a guess from the git branch) and --yes. Safe to re-run: the plan is made
// from what still exists.
import { UserError } from '../errors.js';
import { destroyEnvironment } from '../operate/destroy-environment.js';
import { type CommandIo, canAsk } from './command-io.js';
import type { CommandArgs, destroyFlags } from './index.js';
import { resolveServiceTarget } from './service-target.js';

export default async function destroy(args: CommandArgs<typeof destroyFlags>, io: CommandIo): Promise<void> {
  const target = await resolveServiceTarget(args, io);
  if (!args.env && !canAsk(io)) {
    throw new UserError(
      `refusing to destroy without --env: stdin is not a terminal, so ship cannot show you which environment it picked (the git branch says "${target.env}")`,
      `name it: \`ship destroy --env ${target.env} --yes\``,
      2,
    );
  }
  await destroyEnvironment(target, io, {
    yes: Boolean(args.yes),
    timeoutMinutes: Number(args.timeout),
    json: Boolean(args.json),
    command: `ship destroy --env ${target.env}`,
  });
}
