// The ship.config.json `ship init` writes: sensible defaults, the app name
// from package.json. Pure: the command reads the files and writes the result.
import { configSchema } from './schema.js';

export interface InitialConfigInput {
  /** package.json's "name", if any. */
  packageName?: string;
  /** The folder name, when package.json has no usable name. */
  folderName: string;
  /** App directory relative to the config file. */
  appDir: string;
  region: string;
  /**
   * Only when asked (`ship init --env`): a config without one follows the branch → environment
   * rule (main → production, feature/x → feature-x); writing one pins every branch to it.
   */
  environment?: string;
  /** From `healthCheckPathFrom`, else /healthz. */
  healthCheckPath?: string;
}

export function appNameFrom(packageName: string | undefined, folderName: string): string {
  for (const candidate of [packageName?.replace(/^@[^/]+\//, ''), folderName]) {
    if (!candidate) continue;
    const name = candidate
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^[^a-z]+/, '')
      .slice(0, 24)
      .replace(/-+$/, '');
    if (name.length >= 2) return name;
  }
  return 'app';
}

// The schema's defaults, written out so the user sees them (they are not a second set).
const defaults = configSchema.properties;

export function initialConfig(input: InitialConfigInput): Record<string, unknown> {
  return {
    app: appNameFrom(input.packageName, input.folderName),
    ...(input.environment ? { environment: input.environment } : {}),
    region: input.region,
    // A new app gets a stable HTTPS address from ECS Express Mode, with no load balancer to wire;
    // the schema's default stays "service" so configs written before keep their path.
    target: 'express',
    appDir: input.appDir,
    cpu: defaults.cpu.default,
    memory: defaults.memory.default,
    platform: defaults.platform.default,
    port: defaults.port.default,
    healthCheckPath: input.healthCheckPath ?? defaults.healthCheckPath.default,
    desiredCount: defaults.desiredCount.default,
    variables: {},
    secrets: {},
    logRetentionDays: defaults.logRetentionDays.default,
  };
}

/**
 * The health-check path an app's source serves: `/readyz` (ready for traffic: data loaded, not
 * shutting down) when a route names it, else `/healthz` when one names that, else undefined.
 * A readiness path is what a load balancer should ask; liveness alone sends traffic to a task
 * that cannot answer yet.
 */
export function healthCheckPathFrom(sources: readonly string[]): string | undefined {
  for (const path of ['/readyz', '/ready', '/healthz', '/health']) {
    const literal = new RegExp(`(['"\`])${path}\\1`);
    if (sources.some((text) => literal.test(text))) return path;
  }
  return undefined;
}
