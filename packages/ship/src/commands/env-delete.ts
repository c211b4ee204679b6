// `ship env delete <name>`: `ship destroy --env <name>` under the name people look for.

import { destroyEnvironment } from '../operate/destroy-environment.js';
import { checkEnvironmentName } from '../ops/environment-name.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, envDeleteFlags } from './index.js';
import { resolveServiceTarget } from './service-target.js';

export default async function envDelete(
  args: CommandArgs<typeof envDeleteFlags>,
  io: CommandIo,
): Promise<void> {
  const env = checkEnvironmentName(args.positionals[0]!, 'environment');
  const target = await resolveServiceTarget({ ...args, env }, io);
  await destroyEnvironment(target, io, {
    yes: Boolean(args.yes),
    timeoutMinutes: Number(args.timeout),
    json: Boolean(args.json),
    command: `ship env delete ${env}`,
  });
}
