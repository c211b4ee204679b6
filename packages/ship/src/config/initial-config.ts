// The ship.config.json `ship init` writes: sensible defaults, the app name
// from package.json. Pure: the command reads the files and writes the result.

export interface InitialConfigInput {
  /** package.json's "name", if any. */
  packageName?: string;
  /** The folder name, when package.json has no usable name. */
  folderName: string;
  /** App directory relative to the config file. */
  appDir: string;
  region: string;
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

export function initialConfig(input: InitialConfigInput): Record<string, unknown> {
  return {
    app: appNameFrom(input.packageName, input.folderName),
    environment: 'production',
    region: input.region,
    appDir: input.appDir,
    cpu: 256,
    memory: 512,
    platform: 'X86_64',
    port: 8080,
    healthCheckPath: '/healthz',
    desiredCount: 1,
    ingressCidrs: ['0.0.0.0/0'],
    loadBalancer: 'none',
    variables: {},
    secrets: {},
    logRetentionDays: 30,
  };
}
