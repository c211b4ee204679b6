// A local AWS endpoint for ship's end-to-end tests: the real AWS SDK v3
// clients talk to it over HTTP in each service's real wire protocol. See
// README.md for the operations it implements and how deployments behave.
import type { AddressInfo } from 'node:net';
import { strategyChecks } from './deployment-strategy.js';
import { type InventoryItem, inventory } from './inventory.js';
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
import { FakeState } from './state.js';

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
  /** Real delay added to every request. */
  latencyMs?: number;
  /** Newly created resources are invisible to Describe/Get/List for this many further requests. */
  consistencyDelayCalls?: number;
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
  region: string;
  accountId: string;
  /**
   * Tasks whose containers use a matching image fail: `crash` (default) exits 1
   * after starting; `unhealthy` keeps running but fails health checks and is stopped.
   */
  failImages(pattern: RegExp | ((image: string) => boolean), how?: 'crash' | 'unhealthy'): void;
  /** Forgets every failImages rule. */
  healImages(): void;
  /** Changes the knobs while running (e.g. throttle only one phase of a test). */
  configure(
    knobs: Pick<FakeAwsOptions, 'throttle' | 'latencyMs' | 'consistencyDelayCalls' | 'pollsToStable'>,
  ): void;
  inventory(): InventoryItem[];
  /** Every request answered, in order (`error` set when it failed, throttling included). */
  calls(): CallRecord[];
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

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const state = new FakeState({
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
    registryHost: options.registryHost,
    pollsToStable: Math.max(1, options.pollsToStable ?? 3),
    consistencyDelayCalls: options.consistencyDelayCalls ?? 0,
    circuitBreakerThreshold: options.circuitBreakerThreshold,
  });
  const registry = options.registryHost
    ? {
        host: options.registryHost,
        username: 'AWS',
        password: options.registryPassword ?? 'fake-ecr-password',
      }
    : undefined;
  const router: Router = {
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
    tick: () => {
      state.calls += 1;
    },
    throttleCount: 0,
    log: [],
    knobs: {
      throttle: options.throttle || undefined,
      latencyMs: options.latencyMs ?? 0,
    },
  };
  const server = createFakeServer(router);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: state.region,
    accountId: state.accountId,
    failImages(pattern, how = 'crash') {
      const matches = typeof pattern === 'function' ? pattern : (image: string) => pattern.test(image);
      state.failRules.push({ matches, how });
    },
    healImages() {
      state.failRules = [];
    },
    configure(knobs) {
      if (knobs.throttle !== undefined) router.knobs.throttle = knobs.throttle || undefined;
      if (knobs.latencyMs !== undefined) router.knobs.latencyMs = knobs.latencyMs;
      if (knobs.consistencyDelayCalls !== undefined)
        state.options.consistencyDelayCalls = knobs.consistencyDelayCalls;
      if (knobs.pollsToStable !== undefined) state.options.pollsToStable = Math.max(1, knobs.pollsToStable);
    },
    inventory: () => inventory(state),
    calls: () => [...router.log],
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
