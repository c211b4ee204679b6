// The dashboard's Fastify app, without a listening socket: `buildApp` wires the
// route plugins, headers, logging and error replies; tests drive it with
// inject(), `serve.ts` puts it on a port.
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { Dataset } from '../core/index.js';
import { toProblem } from './error-reply.js';
import { ApiProblem } from './errors.js';
import { htmlErrorPage, wantsHtmlPage } from './html-error-page.js';
import { REQUEST_ID_HEADER, requestId } from './request-id.js';
import { RequestLog } from './request-log.js';
import { healthRoutes } from './routes/health.js';
import { metaRoutes } from './routes/meta.js';
import { seriesRoutes } from './routes/series.js';
import { seriesCsvRoutes } from './routes/series-csv.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { ServedData } from './served-data.js';
import { staticRoutes } from './static.js';
import { buildSerializer, buildValidator } from './validator-compiler.js';

export interface AppOptions {
  /** The loaded data; null serves 503 on data routes and /readyz until `app.served.dataset` is set. */
  dataset: Dataset | null;
  /** Fastify's logger option: false (tests), true, or pino options such as `{ level: 'warn' }`. */
  logger?: FastifyServerOptions['logger'];
  /** Byte budget of the response cache (default 8 MiB). */
  cacheBytes?: number;
  /** Folder of the built browser client (default: static.ts's webRoot()). */
  webRoot?: string;
  /** Time for a request's line, headers and body (default REQUEST_TIMEOUT_MS; tests shorten it). */
  requestTimeoutMs?: number;
}

/** A slow client may not hold a socket forever (headers and body within 30 s). */
export const REQUEST_TIMEOUT_MS = 30_000;

declare module 'fastify' {
  interface FastifyInstance {
    served: ServedData;
  }
}

export function buildApp(options: AppOptions): FastifyInstance {
  const served = new ServedData(options.dataset, options.cacheBytes);
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new RequestLog(),
    genReqId: requestId,
    // Shutdown closes sockets itself (shutdown.ts): Fastify's 'idle' mode can cut answers still flushing.
    forceCloseConnections: false,
    // Requests already on an open socket when shutdown begins are answered (with `connection: close`,
    // see onRequest) rather than refused with Fastify's own 503 body.
    return503OnClosing: false,
    requestTimeout,
    http: {
      // Node checks the request timeout this often (its default, 30 s, could double the timeout).
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(requestTimeout / 2)),
      // Answered below (onRequest) with the catalogue's body and our headers, not Node's bare 400.
      requireHostHeader: false,
    },
    // Fastify's own errors before routing (a URL with a bad %-escape): the same body and headers.
    frameworkErrors: (error, request, reply) => {
      reply.headers(SECURITY_HEADERS).header(REQUEST_ID_HEADER, request.id);
      const path = request.raw.url ?? '';
      sendProblem(
        reply,
        new ApiProblem('EBOV_BAD_REQUEST', {
          message: `the URL ${JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path)} is malformed: ${error.code === 'FST_ERR_BAD_URL' ? 'a %-escape is not valid UTF-8' : error.message}`,
        }),
      );
    },
    // Keep-alive longer than an AWS ALB's 60 s idle timeout, so the balancer closes first.
    keepAliveTimeout: 65_000,
    bodyLimit: 16 * 1024,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    // The series query's validator is compiled ahead of time (validator-compiler.ts): no ajv at start.
    schemaController: { compilersFactory: { buildValidator, buildSerializer } },
    clientErrorHandler: answerMalformedRequest,
  });
  app.decorate('served', served);

  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS).header(REQUEST_ID_HEADER, request.id);
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
      done(
        new ApiProblem('EBOV_BAD_REQUEST', {
          message: 'an HTTP/1.1 request needs a Host header (RFC 9112, section 3.2)',
        }),
      );
      return;
    }
    done();
  });
  // While draining, every answer closes its connection so that clients reconnect elsewhere: also the
  // answers to requests that arrived before the signal (hence onSend, not onRequest).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (served.draining) reply.header('connection', 'close');
    done(null, payload);
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request, served);
    if (problem.statusCode >= 500 && problem.code !== 'EBOV_NOT_READY') {
      request.log.error({ err: error }, 'request failed');
    }
    if (problem.code === 'EBOV_NOT_READY') reply.header('retry-after', '1');
    if (problem.statusCode === 404 && wantsHtmlPage(request.method, request.url, request.headers.accept)) {
      return reply
        .code(404)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(htmlErrorPage(404, problem.code));
    }
    return sendProblem(reply, problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const fullPath = request.url.split('?', 1)[0] ?? '/';
    // The path is echoed in the message: a long one is cut.
    const path = fullPath.length > 200 ? `${fullPath.slice(0, 200)}…` : fullPath;
    if (
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      app.hasRoute({ method: 'GET', url: fullPath })
    ) {
      reply.header('allow', 'GET, HEAD');
      throw new ApiProblem('EBOV_METHOD_NOT_ALLOWED', {
        message: `${request.method} ${path}: this route answers GET and HEAD`,
      });
    }
    throw new ApiProblem('EBOV_NOT_FOUND', {
      message: `no route ${request.method} ${path}: the API has /api/meta, /api/series, /api/series.csv, /healthz, /readyz`,
    });
  });

  app.register(healthRoutes, { served });
  app.register(metaRoutes, { served });
  app.register(seriesRoutes, { served });
  app.register(seriesCsvRoutes, { served });
  app.register(staticRoutes, options.webRoot === undefined ? {} : { root: options.webRoot });
  return app;
}

function sendProblem(reply: FastifyReply, problem: ApiProblem): FastifyReply {
  return reply
    .code(problem.statusCode)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(problem.toBody());
}

/** Requests Node's HTTP parser rejects (bad request line, headers too large, too slow) get an ApiError body too. */
function answerMalformedRequest(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') return;
  const code =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'EBOV_REQUEST_TOO_LARGE'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'EBOV_REQUEST_TIMEOUT'
        : 'EBOV_BAD_REQUEST';
  const problem = new ApiProblem(code);
  // A browser following a huge link gets a page: a GET of a page path (not /api/) asking for HTML.
  const head = (error as { rawPacket?: Buffer }).rawPacket?.toString('latin1', 0, 65_536) ?? '';
  const [method = '', url = ''] = head.split('\r\n', 1)[0]?.split(' ') ?? [];
  const accept = /\r\naccept:([^\r\n]*)/i.exec(head)?.[1];
  const html = code === 'EBOV_REQUEST_TOO_LARGE' && wantsHtmlPage(method, url, accept ?? 'text/html');
  const body = html ? htmlErrorPage(problem.statusCode, problem.code) : JSON.stringify(problem.toBody());
  const type = html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
  const status = `${problem.statusCode} ${problem.toBody().error}`;
  socket.end(
    `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-type: ${type}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      Object.entries(SECURITY_HEADERS)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      `\r\n${body}`,
  );
}
