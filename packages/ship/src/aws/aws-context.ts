// How every AWS client is made: region, profile (standard credential chain),
// endpoint override (AWS_ENDPOINT_URL, for local endpoints), and retries with
// jittered exponential backoff on throttling (the SDK's standard retry mode).
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { UserError } from '../errors.js';
import { awsServerFailure, errorName } from './aws-errors.js';

// Kept here too for the modules that read them with the context.
export { awsServerFailure, errorName };

export interface AwsContext {
  region: string;
  profile?: string;
  /** Overrides every service's endpoint, e.g. http://127.0.0.1:4566. */
  endpoint?: string;
  /** Keys from the environment ship was given (the chain reads only the process's own). */
  keys?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call, retries included (AWS_MAX_ATTEMPTS, as the SDKs read it; default 10). */
  maxAttempts?: number;
}

/** The context from flags and the environment (AWS_ENDPOINT_URL, AWS_PROFILE via the chain). */
export function awsContext(
  options: { region: string; profile?: string | undefined },
  env = process.env,
): AwsContext {
  const context: AwsContext = { region: options.region };
  if (options.profile) context.profile = options.profile;
  if (env.AWS_ENDPOINT_URL) context.endpoint = env.AWS_ENDPOINT_URL;
  if (env.AWS_MAX_ATTEMPTS !== undefined) {
    const attempts = Number(env.AWS_MAX_ATTEMPTS);
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) {
      throw new UserError(
        `AWS_MAX_ATTEMPTS=${env.AWS_MAX_ATTEMPTS}: expected a whole number of attempts from 1 to 20`,
        'unset it for the default (10), or set e.g. AWS_MAX_ATTEMPTS=5',
      );
    }
    context.maxAttempts = attempts;
  }
  // As the SDK's chain does: keys in the environment, unless a profile is asked for.
  if (!options.profile && !env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    context.keys = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  return context;
}

// One credential provider per context, so the chain (files, SSO, IMDS) is resolved once.
const providers = new WeakMap<AwsContext, ReturnType<typeof fromNodeProviderChain>>();

function credentialsFor(context: AwsContext) {
  if (context.keys) return context.keys;
  let provider = providers.get(context);
  if (!provider) {
    provider = fromNodeProviderChain(context.profile ? { profile: context.profile } : {});
    providers.set(context, provider);
  }
  return provider;
}

/** Client configuration shared by all services: one retry policy for every call ship makes. */
export function clientConfig(context: AwsContext) {
  return {
    region: context.region,
    credentials: credentialsFor(context),
    ...(context.endpoint ? { endpoint: context.endpoint } : {}),
    // Standard mode backs off exponentially with full jitter and retries throttling errors.
    retryMode: 'standard',
    maxAttempts: context.maxAttempts ?? 10,
  } as const;
}

interface SdkClient {
  destroy(): void;
}
type ClientClass<T extends SdkClient> = new (config: ReturnType<typeof clientConfig>) => T;

// One client per service per context, made on first use and reused: keep-alive
// connections and one retry quota per service instead of one per call.
const clients = new WeakMap<AwsContext, Map<ClientClass<SdkClient>, SdkClient>>();

/** The context's client for a service (each aws/<service>.ts module asks for its own). */
export function serviceClient<T extends SdkClient>(context: AwsContext, Client: ClientClass<T>): T {
  let made = clients.get(context);
  if (!made) {
    made = new Map();
    clients.set(context, made);
  }
  let client = made.get(Client);
  if (!client) {
    client = new Client(clientConfig(context));
    nameFailedCalls(client);
    made.set(Client, client);
  }
  return client as T;
}

type Handler = (args: unknown) => Promise<unknown>;
interface Stack {
  add(
    middleware: (next: Handler, context: { clientName?: string; commandName?: string }) => Handler,
    options: { step: 'initialize'; name: string },
  ): void;
}

/** Marks every error a call ends with (after the SDK's retries) with the call, e.g. `ECS.CreateService`. */
function nameFailedCalls(client: SdkClient): void {
  (client as unknown as { middlewareStack: Stack }).middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error && typeof error === 'object') {
          const service = (context.clientName ?? '').replace(/Client$/, '');
          const command = (context.commandName ?? '').replace(/Command$/, '');
          Object.assign(error, { shipAwsCall: `${service}.${command}` });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'shipNameFailedCalls' },
  );
}

/** Closes the context's connections (idle keep-alive sockets do not hold the process open either way). */
export function closeAwsClients(context: AwsContext): void {
  for (const client of clients.get(context)?.values() ?? []) client.destroy();
  clients.delete(context);
}

export function isNotFound(error: unknown, ...names: string[]): boolean {
  return names.includes(errorName(error));
}

/** AWS error names that mean "already gone". */
const goneErrors = new Set([
  'ResourceNotFoundException',
  'ServiceNotFoundException',
  'ServiceNotActiveException',
  'ClusterNotFoundException',
  'RepositoryNotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
  'TargetGroupNotFound',
  'TargetGroupNotFoundException',
  'ListenerNotFound',
  'ListenerNotFoundException',
  'RuleNotFound',
  'RuleNotFoundException',
  'InvalidGroup.NotFound',
  'ObjectNotFoundException',
]);

export const isGoneError = (error: unknown): boolean => goneErrors.has(errorName(error));

/** AWS error names that mean "not yet: something still depends on it". */
const busyErrors = new Set([
  'DependencyViolation',
  'ResourceInUse',
  'ResourceInUseException',
  'ClusterContainsServicesException',
  'ClusterContainsTasksException',
  'DeleteConflict',
  'DeleteConflictException',
]);

export const isBusyError = (error: unknown): boolean => busyErrors.has(errorName(error));

/**
 * Credentials and permission problems are the user's to fix: a UserError with
 * the next step. Anything else is returned unchanged (a bug or an AWS fault).
 */
export function explainAwsError(error: unknown, context: AwsContext): unknown {
  const name = errorName(error);
  const message = (error as { message?: string } | undefined)?.message ?? String(error);
  if (name === 'CredentialsProviderError') {
    return new UserError(
      `no AWS credentials: ${message}`,
      'set AWS_PROFILE or pass --profile, or run `aws configure` / `aws sso login`',
    );
  }
  if (
    ['UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException'].includes(
      name,
    )
  ) {
    return new UserError(
      `AWS rejected the credentials: ${message}`,
      'refresh them (`aws sso login`) or pick another --profile',
    );
  }
  if (['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'].includes(name)) {
    return new UserError(
      `AWS denied a call: ${message}`,
      'grant the permission named above to the identity ship runs as',
    );
  }
  if (name === 'ThrottlingException' || name === 'Throttling' || name === 'RequestLimitExceeded') {
    return new UserError(
      `AWS kept throttling requests in ${context.region} after 10 attempts: ${message}`,
      'wait a minute and run the command again; it picks up where it stopped',
    );
  }
  const server = awsServerFailure(error);
  if (server) return server;
  if (errorName(error) === 'TimeoutError' || (error as { code?: string }).code === 'ECONNREFUSED') {
    const where = context.endpoint ?? `AWS in ${context.region}`;
    return new UserError(
      `cannot reach ${where}: ${message}`,
      'check the network, AWS_ENDPOINT_URL and --region',
    );
  }
  return error;
}

export type Tags = Record<string, string>;

export const tagList = (tags: Tags): { Key: string; Value: string }[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export const tagMap = (list: { Key?: string | undefined; Value?: string | undefined }[] | undefined): Tags =>
  Object.fromEntries((list ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
