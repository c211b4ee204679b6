// A local AWS endpoint for ship's end-to-end tests: the real AWS SDK v3
// clients talk to it over HTTP in each service's real wire protocol. See
// README.md for the operations it implements and how deployments behave.
import type { AddressInfo } from 'node:net';
import { strategyChecks } from './deployment-strategy.js';
import { type InventoryItem, inventory } from './inventory.js';
import { applyLifecyclePolicy, type ExpiredImage, recordPush } from './lifecycle-expiry.js';
import { type RegistryFront, startRegistryFront } from './registry-front.js';
import {
  type CallRecord,
  createFakeServer,
  type Handler,
  type Router,
  type ServiceDefinition,
} from './server.js';
import { acmService } from './services/acm.js';
import { autoscalingService } from './services/autoscaling.js';
import { cloudwatchService } from './services/cloudwatch.js';
import { ec2Service } from './services/ec2.js';
import { ecrService } from './services/ecr.js';
import { ecsService } from './services/ecs.js';
import { expressHandlers } from './services/ecs-express.js';
import { elbv2Service } from './services/elbv2.js';
import { iamService } from './services/iam.js';
import { oidcHandlers } from './services/iam-oidc.js';
import { logsService } from './services/logs.js';
import { route53Service } from './services/route53.js';
import { stsService } from './services/sts.js';
import { AccountState, FakeState, type StateOptions } from './state.js';

export type { InventoryItem } from './inventory.js';
export type { CallRecord } from './server.js';
export type { FakeState } from './state.js';

/**
 * Every `every`-th request answers the service's throttling error. With `actions`
 * (`'ecs:DescribeServices'`, `'ec2:DescribeVpcs'`… — credential-scope service name and
 * action), only those requests count and are throttled.
 */
export interface Throttle {
  every: number;
  actions?: string[];
}

export interface FakeAwsOptions {
  region?: string;
  accountId?: string;
  /** host:port of the local OCI registry that ECR repositoryUri and GetAuthorizationToken point at. */
  registryHost?: string;
  /** The registry password GetAuthorizationToken hands out (user `AWS`), and DescribeImages uses. */
  registryPassword?: string;
  /** DescribeServices calls until a healthy deployment reports COMPLETED (default 3). */
  pollsToStable?: number;
  /** Every Nth request answers the service's throttling error (the SDK retries it). */
  throttle?: Throttle | false;
  /**
   * Actions (`ecs:CreateCluster`, credential-scope service name and action) that answer 503
   * ServiceUnavailable every time: an AWS outage the SDK's retries cannot get past.
   */
  unavailable?: string[];
  /** Real delay added to every request. */
  latencyMs?: number;
  /** Newly created resources are invisible to Describe/Get/List for this many further requests. */
  consistencyDelayCalls?: number;
  /**
   * [iam-eventual-consistency] A new role (or a changed trust policy) cannot be assumed by ECS for
   * this many further requests, though GetRole already returns it (default 0).
   */
  iamPropagationCalls?: number;
  /** Failed tasks that trip the deployment circuit breaker (default: ECS's rule, max(3, desired/2)). */
  circuitBreakerThreshold?: number;
  /**
   * With a registryHost: task images on that host must exist in the registry, else tasks stop
   * with CannotPullContainerError, as on Fargate (default true). Checked when a deployment starts.
   */
  checkImagePulls?: boolean;
  /** Port to listen on (default: an ephemeral one). */
  port?: number;
}

export interface FakeAws {
  /** `http://127.0.0.1:<port>`: pass as `endpoint` or AWS_ENDPOINT_URL. */
  endpoint: string;
  /** The default region: requests signed for another region get a region of their own. */
  region: string;
  accountId: string;
  /** With a registryHost: the default region's ECR registry host (`127.0.0.1:<port>`), in repository URIs. */
  registryHost: string | undefined;
  /** Another region's state (created on first use) and its ECR registry host. */
  inRegion(name: string): Promise<{ state: FakeState; registryHost: string | undefined }>;
  /**
   * Tasks whose containers use a matching image fail: `crash` (default) exits 1
   * after starting; `unhealthy` keeps running but fails health checks and is stopped.
   */
  failImages(pattern: RegExp | ((image: string) => boolean), how?: 'crash' | 'unhealthy'): void;
  /** Forgets every failImages rule. */
  healImages(): void;
  /** Changes the knobs while running (e.g. throttle only one phase of a test). */
  configure(
    knobs: Pick<
      FakeAwsOptions,
      | 'throttle'
      | 'unavailable'
      | 'latencyMs'
      | 'consistencyDelayCalls'
      | 'iamPropagationCalls'
      | 'pollsToStable'
    >,
  ): void;
  /**
   * Applies every repository's lifecycle policy now (or as of `now`, epoch ms, for age rules), as
   * ECR's evaluator does within 24 hours; the fake also does it after every push. Returns what expired.
   */
  applyLifecyclePolicies(now?: number): Promise<ExpiredImage[]>;
  /** Every image a lifecycle policy expired so far, in order. */
  expiredImages(): ExpiredImage[];
  /** Every resource of every region used so far (IAM once: it is global). */
  inventory(): InventoryItem[];
  /** Every request answered, in order (`error` set when it failed, throttling included). */
  calls(): CallRecord[];
  /** The default region's state (IAM, shared by all regions, is `state.iam`). */
  state: FakeState;
  close(): Promise<void>;
}

/** A service with more operations (or checks in front of existing ones) from a file of their own. */
function withHandlers(
  service: ServiceDefinition,
  more: (existing: Record<string, Handler>) => Record<string, Handler>,
): ServiceDefinition {
  return { ...service, handlers: { ...service.handlers, ...more(service.handlers) } };
}

interface Region {
  state: FakeState;
  services: ServiceDefinition[];
  front?: RegistryFront;
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const defaultRegion = options.region ?? 'us-east-1';
  const account = new AccountState();
  const stateOptions = (region: string): StateOptions => ({
    region,
    accountId: options.accountId ?? '123456789012',
    registryHost: options.registryHost,
    pollsToStable: Math.max(1, options.pollsToStable ?? 3),
    consistencyDelayCalls: options.consistencyDelayCalls ?? 0,
    iamPropagationCalls: options.iamPropagationCalls ?? 0,
    circuitBreakerThreshold: options.circuitBreakerThreshold,
  });
  const upstream = options.registryHost
    ? {
        host: options.registryHost,
        username: 'AWS',
        password: options.registryPassword ?? 'fake-ecr-password',
      }
    : undefined;
  const regions = new Map<string, Promise<Region>>();
  /** Regions made so far, for the synchronous views (inventory). */
  const ready: Region[] = [];
  const knobs: Partial<StateOptions> = {};
  /** Images the lifecycle policies expired, in order. */
  const expired: ExpiredImage[] = [];

  async function makeRegion(name: string): Promise<Region> {
    // Knobs changed by configure() since the start apply to a region made later too.
    const state = new FakeState({ ...stateOptions(name), ...knobs, region: name }, account);
    // [ecr-regional-registry] each region's repositories sit behind their own registry host.
    const prefix = name === defaultRegion ? '' : `${name}/`;
    const front = upstream
      ? await startRegistryFront(upstream, prefix, {
          accountId: state.accountId,
          mutability: (repository) => state.ecr.repositories.get(repository)?.tagMutability,
          pushed: async (repository, digest) => {
            const repo = state.ecr.repositories.get(repository);
            if (!repo) return;
            recordPush(repo, digest);
            expired.push(...(await applyLifecyclePolicy({ ...upstream, prefix }, repo)));
          },
        })
      : undefined;
    const registry = upstream ? { ...upstream, prefix, ...(front ? { front: front.host } : {}) } : undefined;
    const made: Region = {
      state,
      front,
      services: [
        stsService(state),
        ecrService(state, registry),
        withHandlers(ecsService(state, options.checkImagePulls === false ? undefined : registry), (ecs) => ({
          ...expressHandlers(state, ecs),
          ...strategyChecks(state, ecs),
        })),
        ec2Service(state),
        elbv2Service(state),
        withHandlers(iamService(state), (iam) => oidcHandlers(state, iam)),
        logsService(state),
        autoscalingService(state),
        acmService(state),
        route53Service(state),
        cloudwatchService(state),
      ],
    };
    ready.push(made);
    return made;
  }

  function region(name: string): Promise<Region> {
    let found = regions.get(name);
    if (!found) {
      found = makeRegion(name);
      regions.set(name, found);
    }
    return found;
  }

  const home = await region(defaultRegion);
  const state = home.state;
  const router: Router = {
    services: async (name) => (await region(name)).services,
    defaultRegion,
    tick: () => {
      account.calls += 1;
    },
    throttleCount: 0,
    log: [],
    knobs: {
      throttle: options.throttle || undefined,
      ...(options.unavailable ? { unavailable: options.unavailable } : {}),
      latencyMs: options.latencyMs ?? 0,
    },
  };
  const server = createFakeServer(router);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const allRegions = async () => Promise.all([...regions.values()]);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: state.region,
    accountId: state.accountId,
    registryHost: home.front?.host,
    failImages(pattern, how = 'crash') {
      const matches = typeof pattern === 'function' ? pattern : (image: string) => pattern.test(image);
      account.failRules.push({ matches, how });
    },
    healImages() {
      account.failRules = [];
    },
    configure(changes) {
      if (changes.throttle !== undefined) router.knobs.throttle = changes.throttle || undefined;
      if (changes.latencyMs !== undefined) router.knobs.latencyMs = changes.latencyMs;
      if (changes.unavailable !== undefined) router.knobs.unavailable = changes.unavailable;
      if (changes.consistencyDelayCalls !== undefined)
        knobs.consistencyDelayCalls = changes.consistencyDelayCalls;
      if (changes.iamPropagationCalls !== undefined) knobs.iamPropagationCalls = changes.iamPropagationCalls;
      if (changes.pollsToStable !== undefined) knobs.pollsToStable = Math.max(1, changes.pollsToStable);
      for (const r of ready) Object.assign(r.state.options, knobs);
    },
    inventory: () => inventory(ready.map((r) => r.state)),
    async applyLifecyclePolicies(now = Date.now()) {
      if (!upstream) return [];
      const done: ExpiredImage[] = [];
      for (const [name, made] of regions) {
        const r = await made;
        const prefix = name === defaultRegion ? '' : `${name}/`;
        for (const repo of r.state.ecr.repositories.values())
          done.push(...(await applyLifecyclePolicy({ ...upstream, prefix }, repo, now)));
      }
      expired.push(...done);
      return done;
    },
    expiredImages: () => [...expired],
    calls: () => [...router.log],
    state,
    inRegion: async (name) => {
      const r = await region(name);
      return { state: r.state, registryHost: r.front?.host };
    },
    close: async () => {
      await Promise.all((await allRegions()).map((r) => r.front?.close()));
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
