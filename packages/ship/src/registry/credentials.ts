// Where registry credentials come from, first match wins:
//   1. SHIP_REGISTRY_USERNAME + SHIP_REGISTRY_PASSWORD (CI secrets; never a flag, so not in shell history)
//   2. Amazon ECR hosts: GetAuthorizationToken with the standard AWS credential chain
//   3. `docker login` / `podman login` files ($DOCKER_CONFIG/config.json, $REGISTRY_AUTH_FILE, containers/auth.json)
//   4. none: anonymous (a bearer challenge still gets an anonymous token)
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ecrRegion } from './ecr-registry.js';

export interface BasicCredentials {
  username: string;
  password: string;
}

export interface CredentialSource {
  /** Where these credentials came from, for error messages ("SHIP_REGISTRY_PASSWORD", "Amazon ECR"). */
  describe: string;
  /** What to change when the registry refuses them. */
  fix: string;
  get: () => Promise<BasicCredentials | undefined>;
}

export interface CredentialOptions {
  env?: NodeJS.ProcessEnv;
  /** AWS profile for ECR (`--profile`). */
  awsProfile?: string;
  /** Treat the registry as ECR even if its host does not look like one (e.g. a local endpoint). */
  ecrRegion?: string;
}

export const ANONYMOUS: CredentialSource = {
  describe: 'no credentials',
  fix: 'set SHIP_REGISTRY_USERNAME and SHIP_REGISTRY_PASSWORD, or run `docker login` for this registry',
  get: async () => undefined,
};

export function staticCredentials(
  credentials: BasicCredentials,
  describe: string,
  fix: string,
): CredentialSource {
  return { describe, fix, get: async () => credentials };
}

async function loginFileCredentials(
  registry: string,
  env: NodeJS.ProcessEnv,
): Promise<BasicCredentials | undefined> {
  const files = [
    env.REGISTRY_AUTH_FILE,
    env.XDG_RUNTIME_DIR && join(env.XDG_RUNTIME_DIR, 'containers/auth.json'),
    join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json'),
  ].filter((file): file is string => Boolean(file));
  for (const file of files) {
    let auths: Record<string, { auth?: string }> | undefined;
    try {
      auths = (JSON.parse(await readFile(file, 'utf8')) as { auths?: typeof auths }).auths;
    } catch {
      continue;
    }
    const entry = auths?.[registry] ?? auths?.[`https://${registry}`] ?? auths?.[`http://${registry}`];
    if (!entry?.auth) continue;
    const decoded = Buffer.from(entry.auth, 'base64').toString();
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return undefined;
}

export function resolveCredentials(registry: string, options: CredentialOptions = {}): CredentialSource {
  const env = options.env ?? process.env;
  if (env.SHIP_REGISTRY_USERNAME && env.SHIP_REGISTRY_PASSWORD) {
    return staticCredentials(
      { username: env.SHIP_REGISTRY_USERNAME, password: env.SHIP_REGISTRY_PASSWORD },
      `user "${env.SHIP_REGISTRY_USERNAME}" from SHIP_REGISTRY_USERNAME/SHIP_REGISTRY_PASSWORD`,
      'check SHIP_REGISTRY_USERNAME and SHIP_REGISTRY_PASSWORD',
    );
  }
  const region = options.ecrRegion ?? ecrRegion(registry);
  if (region) {
    let cached: Promise<BasicCredentials> | undefined;
    return {
      describe: 'an Amazon ECR authorization token',
      fix: `check the AWS credentials (AWS_PROFILE${options.awsProfile ? `, --profile ${options.awsProfile}` : ''}) can call ecr:GetAuthorizationToken and push to this repository`,
      get: () => {
        // The AWS SDK loads only when an ECR registry is used.
        cached ??= import('./ecr-credentials.js').then(({ ecrAuthorization }) =>
          ecrAuthorization({ region, ...(options.awsProfile ? { profile: options.awsProfile } : {}) }),
        );
        return cached;
      },
    };
  }
  let cached: Promise<BasicCredentials | undefined> | undefined;
  return {
    describe: 'the credentials saved by `docker login` / `podman login`',
    fix: ANONYMOUS.fix,
    get: () => {
      cached ??= loginFileCredentials(registry, env);
      return cached;
    },
  };
}
