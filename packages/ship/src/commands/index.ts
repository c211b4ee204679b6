// Subcommands, imported lazily so `ship --help` stays fast and one command's
// dependencies (the AWS SDK) are not loaded by another (`ship build`).
import type { CommandDef } from 'citty';

type Lazy = () => Promise<CommandDef>;
const lazy =
  (load: () => Promise<{ default: CommandDef }>): Lazy =>
  () =>
    load().then((m) => m.default);

export const commands: Record<string, Lazy> = {
  // build: lazy(() => import('./build.js')),
};
void lazy;
