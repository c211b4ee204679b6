// One HTTP exchange with a registry over node:http(s): we control Content-Length, stream bodies
// from files with byte counts, and see the socket's error codes (ECONNREFUSED, ECONNRESET).
import { Agent as HttpAgent, request as httpRequestRaw, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequestRaw } from 'node:https';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Empty when the body went to `sink`. */
  body: Buffer;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  /** A fresh body for each attempt, and its length. */
  body?: { length: number; open: () => Readable } | Buffer;
  /** Called with the count of body bytes sent so far. */
  onBodyBytes?: (sent: number) => void;
  /** Stream a 2xx response body here instead of buffering it. */
  sink?: Writable;
  timeoutMs?: number;
}

/** A failure below HTTP: refused, reset, timed out, DNS, TLS. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly code: string,
    readonly url: URL,
    cause: unknown,
  ) {
    super(`${code} ${url.host}`, { cause });
  }
}

const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 8 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 8 }),
};

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  if (error instanceof Error && /wrong version number|packet length too long/.test(error.message))
    return 'EPROTO';
  return 'ECONNRESET';
}

export function sendRequest(req: HttpRequest): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const https = req.url.protocol === 'https:';
    const headers: Record<string, string> = { ...req.headers };
    let bodyStream: Readable | undefined;
    let bodyBuffer: Buffer | undefined;
    if (Buffer.isBuffer(req.body)) {
      bodyBuffer = req.body;
      headers['content-length'] = String(req.body.length);
    } else if (req.body) {
      bodyStream = req.body.open();
      headers['content-length'] = String(req.body.length);
    } else if (req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH') {
      headers['content-length'] = '0';
    }
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      bodyStream?.destroy();
      reject(error instanceof NetworkError ? error : new NetworkError(errorCode(error), req.url, error));
    };
    const client = (https ? httpsRequestRaw : httpRequestRaw)(
      req.url,
      {
        method: req.method,
        headers,
        agent: https ? agents.https : agents.http,
        timeout: req.timeoutMs ?? 120_000,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const done = (body: Buffer) => {
          if (settled) return;
          settled = true;
          resolve({ status, headers: res.headers, body });
        };
        if (req.sink && status >= 200 && status < 300) {
          pipeline(res, req.sink).then(() => done(Buffer.alloc(0)), fail);
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(Buffer.concat(chunks)));
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
      },
    );
    client.on('error', fail);
    client.on('timeout', () => client.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    if (bodyBuffer) {
      client.end(bodyBuffer);
      req.onBodyBytes?.(bodyBuffer.length);
    } else if (bodyStream) {
      let sent = 0;
      bodyStream.on('data', (chunk: Buffer) => {
        sent += chunk.length;
        req.onBodyBytes?.(sent);
      });
      bodyStream.on('error', fail);
      bodyStream.pipe(client);
    } else {
      client.end();
    }
  });
}
