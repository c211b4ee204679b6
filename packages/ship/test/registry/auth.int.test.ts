// Registry auth against real servers: docker-registry with htpasswd (bcrypt) basic auth, and a
// bearer-token front (the challenge/token dance of Docker Hub and ECR Public) on a plain registry.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReference } from '../../src/image/reference.js';
import { parseChallenge, tokenUrl } from '../../src/registry/auth-challenge.js';
import { ANONYMOUS, resolveCredentials, staticCredentials } from '../../src/registry/credentials.js';
import { ecrRegion } from '../../src/registry/ecr-registry.js';
import { pullImage } from '../../src/registry/pull-image.js';
import { pushImage } from '../../src/registry/push-image.js';
import { ContentStore } from '../../src/store/content-store.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { type RegistryProxy, startRegistryProxy } from '../support/registry-proxy.js';
import { syntheticImage } from './synthetic-image.js';

const user = { username: 'shipper', password: 'correct horse battery staple' };
const fastRetry = { attempts: 2, baseMs: 10, maxMs: 20 };
let basicRegistry: TestRegistry;
let plainRegistry: TestRegistry;
let bearer: RegistryProxy;
let scratch: string;

beforeAll(async () => {
  [basicRegistry, plainRegistry] = await Promise.all([startRegistry({ auth: user }), startRegistry()]);
  bearer = await startRegistryProxy(plainRegistry, { bearer: { token: 'tok-123', basic: user } });
  scratch = await mkdtemp(join(tmpdir(), 'ship-auth-'));
});
afterAll(async () => {
  await bearer?.close();
  await Promise.all([basicRegistry?.stop(), plainRegistry?.stop()]);
  await rm(scratch, { recursive: true, force: true });
});

const fromEnv = (username: string, password: string) =>
  resolveCredentials('x', { env: { SHIP_REGISTRY_USERNAME: username, SHIP_REGISTRY_PASSWORD: password } });

describe('basic auth (htpasswd)', () => {
  it('pushes and pulls back with the right password', async () => {
    const image = await syntheticImage();
    const pushed = await pushImage(image, {
      repo: `${basicRegistry.host}/private/app`,
      insecure: true,
      credentials: fromEnv(user.username, user.password),
    });
    const pulled = await pullImage(parseReference(`${basicRegistry.host}/private/app:test`), {
      platform: { os: 'linux', architecture: 'amd64' },
      store: new ContentStore(join(scratch, 'basic')),
      insecure: true,
      credentials: fromEnv(user.username, user.password),
    });
    expect(pulled.digest).toBe(pushed.digest);
  });

  it('says the credentials were refused, and where they came from, on a wrong password', async () => {
    const image = await syntheticImage();
    const push = pushImage(image, {
      repo: `${basicRegistry.host}/private/app`,
      insecure: true,
      credentials: fromEnv(user.username, 'wrong'),
      retry: fastRetry,
    });
    await expect(push).rejects.toMatchObject({
      message: expect.stringMatching(
        /^401 from 127\.0\.0\.1:\d+: the credentials were refused \(user "shipper" from SHIP_REGISTRY_USERNAME/,
      ),
      hint: 'check SHIP_REGISTRY_USERNAME and SHIP_REGISTRY_PASSWORD',
    });
  });

  it('says there were no credentials, and how to give them', async () => {
    const image = await syntheticImage();
    await expect(
      pushImage(image, {
        repo: `${basicRegistry.host}/private/app`,
        insecure: true,
        credentials: ANONYMOUS,
        retry: fastRetry,
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('no basic auth credentials'),
      hint: expect.stringContaining('SHIP_REGISTRY_PASSWORD'),
    });
  });
});

describe('bearer token challenge', () => {
  it('gets a token for the push scope with the basic credentials, then pushes', async () => {
    const image = await syntheticImage();
    const pushed = await pushImage(image, {
      repo: `${bearer.host}/team/app`,
      insecure: true,
      credentials: fromEnv(user.username, user.password),
    });
    expect(pushed.layersUploaded).toBe(2);
    expect(bearer.tokenScopes).toContain('repository:team/app:pull,push');
  });

  it('refuses with the token service named when the credentials are wrong', async () => {
    const image = await syntheticImage();
    await expect(
      pushImage(image, {
        repo: `${bearer.host}/team/app`,
        insecure: true,
        credentials: fromEnv(user.username, 'nope'),
        retry: fastRetry,
      }),
    ).rejects.toThrow(
      /401 from 127\.0\.0\.1:\d+: the credentials were refused .* while getting a token for repository:team\/app:pull,push/,
    );
  });
});

describe('challenges and credential sources', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"',
      {
        scheme: 'bearer',
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/node:pull',
      },
    ],
    ['Basic realm="Registry Realm"', { scheme: 'basic', realm: 'Registry Realm' }],
    [
      'bearer realm=https://public.ecr.aws/token/,service=public.ecr.aws',
      { scheme: 'bearer', realm: 'https://public.ecr.aws/token/', service: 'public.ecr.aws' },
    ],
    ['Negotiate abc', undefined],
    [undefined, undefined],
  ])('parses %s', (header, challenge) => expect(parseChallenge(header)).toEqual(challenge));

  it('asks the token service for every scope', () => {
    const url = tokenUrl({ scheme: 'bearer', realm: 'https://auth.example/token', service: 'reg' }, [
      'repository:a:pull,push',
      'repository:b:pull',
    ]);
    expect(url.toString()).toBe(
      'https://auth.example/token?service=reg&scope=repository%3Aa%3Apull%2Cpush&scope=repository%3Ab%3Apull',
    );
  });

  it.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'eu-west-1'],
    ['123456789012.dkr.ecr-fips.us-east-1.amazonaws.com', 'us-east-1'],
    ['public.ecr.aws', undefined],
    ['127.0.0.1:5000', undefined],
  ])('ECR region of %s is %s', (host, region) => expect(ecrRegion(host)).toBe(region));

  it('uses ECR for ECR hosts and the environment before anything else', async () => {
    expect(
      resolveCredentials('123456789012.dkr.ecr.eu-west-1.amazonaws.com', { env: {} }).describe,
    ).toContain('Amazon ECR');
    expect(await staticCredentials(user, 'x', 'y').get()).toEqual(user);
    expect(await fromEnv('a', 'b').get()).toEqual({ username: 'a', password: 'b' });
  });
});
