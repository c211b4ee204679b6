// Subcommands, imported lazily so `ship --help` stays fast and one command's
// dependencies (the AWS SDK) are not loaded by another (`ship build`).
import type { CommandDef } from 'citty';

type Lazy = () => Promise<CommandDef>;
// Each command's args type is its own; CommandDef<ArgsDef> does not accept them (setup is contravariant).
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyCommand = CommandDef<any>;
const lazy =
  (load: () => Promise<{ default: AnyCommand }>): Lazy =>
  () =>
    load().then((m) => m.default);

export const commands: Record<string, Lazy> = {
  build: lazy(() => import('./build.js')),
  push: lazy(() => import('./push.js')),
  init: lazy(() => import('./init.js')),
  plan: lazy(() => import('./plan.js')),
  deploy: lazy(() => import('./deploy.js')),
  status: lazy(() => import('./status.js')),
  logs: lazy(() => import('./logs.js')),
  rollback: lazy(() => import('./rollback.js')),
  env: lazy(() => import('./env.js')),
  destroy: lazy(() => import('./destroy.js')),
  ci: lazy(() => import('./ci.js')),
};
void lazy;
