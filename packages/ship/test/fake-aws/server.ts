// The HTTP edge: reads a request, finds the service from the SigV4 credential
// scope, applies the latency and throttling knobs, calls the handler and writes
// the answer in that service's wire protocol.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsError, unknownOperation } from './errors.js';
import { type Fields, Params } from './params.js';
import { jsonError, jsonResponse, parseJsonRequest, type WireResponse } from './protocol-json.js';
import { ec2Error, ec2Response, parseFormRequest, queryError, queryResponse } from './protocol-query.js';
import { matchRoute, parseRestXmlBody, type RestRoute, restXmlResponse } from './protocol-rest-xml.js';

export type Handler = (params: Params) => unknown;

export interface ServiceDefinition {
  /** The name in the SigV4 credential scope (`Credential=AKID/date/region/<name>/aws4_request`). */
  name: string;
  protocol: 'json' | 'query' | 'ec2' | 'rest-xml';
  /** rest-xml: which method and path is which operation. */
  routes?: RestRoute[];
  /** awsJson: the X-Amz-Target prefix. */
  target?: string;
  /** query: the Version parameter (also used to route unsigned requests). */
  version?: string;
  xmlns?: string;
  /** The service's code for a malformed request. */
  invalidCode: string;
  /** The service's throttling code; the SDK retries all of them. */
  throttleCode: string;
  handlers: Record<string, Handler>;
}

export interface CallRecord {
  service: string;
  action: string;
  /** The error code answered, if any (throttling included). */
  error?: string;
}

export interface ServerKnobs {
  throttle?: { every: number; actions?: string[] };
  /** Requests to these actions (`ecs:CreateCluster`) answer 503 ServiceUnavailable, every time. */
  unavailable?: string[];
  latencyMs: number;
}

export interface Router {
  /** The services of one region (IAM and STS answer the same in every region). */
  services(region: string): Promise<ServiceDefinition[]>;
  defaultRegion: string;
  /** Advances the fake's clock by one request. */
  tick(): void;
  log: CallRecord[];
  knobs: ServerKnobs;
  /** Requests that were candidates for throttling so far. */
  throttleCount: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const scopePattern = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

async function findService(
  router: Router,
  req: IncomingMessage,
  body: string,
): Promise<ServiceDefinition | undefined> {
  const [, region, scope] = scopePattern.exec(req.headers.authorization ?? '') ?? [];
  const services = await router.services(region ?? router.defaultRegion);
  if (scope) return services.find((s) => s.name === scope || `api.${s.name}` === scope);
  // Unsigned: still answer in the right dialect, by target prefix or query Version.
  const target = String(req.headers['x-amz-target'] ?? '').split('.')[0];
  if (target) return services.find((s) => s.target === target);
  const version = new URLSearchParams(body).get('Version');
  return services.find((s) => s.version !== undefined && s.version === version);
}

function actionOf(service: ServiceDefinition, req: IncomingMessage, body: string): string {
  if (service.protocol === 'rest-xml') {
    const found = matchRoute(service.routes ?? [], req.method ?? 'GET', req.url ?? '/');
    if (!found)
      throw new AwsError(
        'UnknownOperationException',
        `${req.method} ${req.url} is not a ${service.name} operation`,
        404,
      );
    return found.route.action;
  }
  if (service.protocol === 'json') {
    const target = String(req.headers['x-amz-target'] ?? '');
    const [prefix, action] = target.split('.');
    if (prefix !== service.target || !action) {
      throw new AwsError(
        'UnknownOperationException',
        `X-Amz-Target "${target}" is not a ${service.name} action`,
      );
    }
    return action;
  }
  const action = new URLSearchParams(body).get('Action');
  if (!action) throw new AwsError('MissingAction', 'the request has no Action parameter');
  return action;
}

function restFields(service: ServiceDefinition, req: IncomingMessage, body: string): Fields {
  const found = matchRoute(service.routes ?? [], req.method ?? 'GET', req.url ?? '/');
  if (!found) return {};
  return { ...parseRestXmlBody(found.route, body), ...found.fields };
}

function render(
  service: ServiceDefinition,
  action: string,
  outcome: unknown,
  requestId: string,
): WireResponse {
  const xmlns = service.xmlns ?? '';
  if (service.protocol === 'rest-xml') {
    if (outcome instanceof AwsError) return queryError(outcome, xmlns, requestId);
    const route = service.routes?.find((r) => r.action === action);
    if (route) return restXmlResponse(route, xmlns, outcome, requestId);
  }
  if (outcome instanceof AwsError) {
    if (service.protocol === 'json') return jsonError(outcome, requestId);
    if (service.protocol === 'ec2') return ec2Error(outcome, requestId);
    return queryError(outcome, xmlns, requestId);
  }
  if (service.protocol === 'json') return jsonResponse(outcome, requestId);
  if (service.protocol === 'ec2') return ec2Response(action, outcome, requestId);
  return queryResponse(action, xmlns, outcome, requestId);
}

async function answer(router: Router, req: IncomingMessage): Promise<WireResponse> {
  const body = await readBody(req);
  const requestId = randomUUID();
  const service = await findService(router, req, body);
  if (!service) {
    return {
      status: 400,
      headers: { 'content-type': 'text/plain' },
      body: `fake AWS: cannot tell which service this request is for (no SigV4 credential scope, X-Amz-Target or known Version)`,
    };
  }
  let action = '(unknown)';
  try {
    action = actionOf(service, req, body);
    if (!req.headers.authorization) {
      const code =
        service.protocol === 'json' ? 'MissingAuthenticationTokenException' : 'MissingAuthenticationToken';
      throw new AwsError(code, 'Missing Authentication Token', 403);
    }
    router.tick();
    if (router.knobs.latencyMs > 0) await sleep(router.knobs.latencyMs);
    const throttle = router.knobs.throttle;
    if (throttle && (!throttle.actions || throttle.actions.includes(`${service.name}:${action}`))) {
      router.throttleCount += 1;
      if (router.throttleCount % throttle.every === 0)
        throw new AwsError(service.throttleCode, 'Rate exceeded');
    }
    if (router.knobs.unavailable?.includes(`${service.name}:${action}`)) {
      throw new AwsError(
        'ServiceUnavailable',
        'Service is unavailable. Please try again later.',
        503,
        'Receiver',
      );
    }
    const handler = service.handlers[action];
    if (!handler) throw unknownOperation(service.name, action);
    let params: Params;
    try {
      const fields =
        service.protocol === 'json'
          ? parseJsonRequest(body)
          : service.protocol === 'rest-xml'
            ? restFields(service, req, body)
            : parseFormRequest(body);
      params = new Params(fields, service.invalidCode);
    } catch (error) {
      throw new AwsError('SerializationException', `malformed request body: ${(error as Error).message}`);
    }
    const output = await handler(params);
    router.log.push({ service: service.name, action });
    return render(service, action, output, requestId);
  } catch (error) {
    const failure =
      error instanceof AwsError
        ? error
        : new AwsError(
            'InternalFailure',
            `fake AWS bug: ${(error as Error).stack ?? error}`,
            500,
            'Receiver',
          );
    router.log.push({ service: service.name, action, error: failure.code });
    return render(service, action, failure, requestId);
  }
}

export function createFakeServer(router: Router): Server {
  return createServer((req, res) => {
    answer(router, req).then(
      (response) => {
        res.writeHead(response.status, {
          ...response.headers,
          'content-length': Buffer.byteLength(response.body),
        });
        res.end(response.body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake AWS bug: ${(error as Error).stack ?? error}`);
      },
    );
  });
}
