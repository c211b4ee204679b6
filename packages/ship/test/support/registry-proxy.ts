// A recording, fault-injecting HTTP proxy to put in front of a test registry: it counts the body
// bytes of every request (so a test can assert what was uploaded), and can cut the connection in
// the middle of the next blob upload body, or answer a request with an error status.
import { createServer, type IncomingMessage, request, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  bodyBytes: number;
}

export interface Fault {
  /** Which requests to hit, e.g. (r) => r.method === 'PATCH' || r.method === 'PUT' && r.url.includes('/blobs/uploads/'). */
  match: (req: IncomingMessage) => boolean;
  /** Cut the connection after this many body bytes, or answer with this status. */
  action: { dropAfterBytes: number } | { status: number; body?: string };
  /** How many matching requests to hit; then the fault is spent. */
  times: number;
}

export interface RegistryProxy {
  host: string;
  requests: RecordedRequest[];
  faults: Fault[];
  /** Scopes asked of the token endpoint (bearer mode). */
  tokenScopes: string[];
  /** Body bytes of blob uploads (PATCH and PUT to /blobs/uploads/) that the registry accepted. */
  uploadedBytes: () => number;
  close: () => Promise<void>;
}

export const isBlobUpload = (req: IncomingMessage) =>
  (req.method === 'PATCH' || req.method === 'PUT') && (req.url ?? '').includes('/blobs/uploads/');

export interface ProxyOptions {
  /**
   * Act as a bearer-token registry (like Docker Hub or ECR Public): answer 401 with a Bearer
   * challenge unless the request carries the token, which GET /token hands out, to anyone when
   * `basic` is not set, else only with those basic credentials.
   */
  bearer?: { token: string; basic?: { username: string; password: string } };
}

export async function startRegistryProxy(
  target: { host: string },
  options: ProxyOptions = {},
): Promise<RegistryProxy> {
  const [targetHost, targetPort] = target.host.split(':');
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const tokenScopes: string[] = [];
  const server: Server = createServer((req, res) => {
    const bearer = options.bearer;
    if (bearer && (req.url ?? '').startsWith('/token')) {
      const url = new URL(req.url ?? '', 'http://proxy');
      tokenScopes.push(...url.searchParams.getAll('scope'));
      const expected =
        bearer.basic &&
        `Basic ${Buffer.from(`${bearer.basic.username}:${bearer.basic.password}`).toString('base64')}`;
      const ok = !expected || req.headers.authorization === expected;
      requests.push({ method: req.method ?? '', path: req.url ?? '', status: ok ? 200 : 401, bodyBytes: 0 });
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        ok
          ? JSON.stringify({ token: bearer.token, expires_in: 300 })
          : '{"details":"incorrect username or password"}',
      );
      return;
    }
    if (bearer && req.headers.authorization !== `Bearer ${bearer.token}`) {
      req.resume();
      requests.push({ method: req.method ?? '', path: req.url ?? '', status: 401, bodyBytes: 0 });
      const host = req.headers.host ?? '';
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${host}/token",service="test-registry"`,
        'content-type': 'application/json',
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    const fault = faults.find((f) => f.times > 0 && f.match(req));
    if (fault) fault.times--;
    if (fault && 'status' in fault.action) {
      const { status, body } = fault.action;
      req.resume();
      req.on('end', () => {
        requests.push({ method: req.method ?? '', path: req.url ?? '', status, bodyBytes: 0 });
        res.writeHead(status, { 'content-type': 'application/json' }).end(body ?? '');
      });
      return;
    }
    let bodyBytes = 0;
    const upstream = request(
      { host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          status: upstreamRes.statusCode ?? 0,
          bodyBytes,
        });
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (fault && 'dropAfterBytes' in fault.action && bodyBytes > fault.action.dropAfterBytes) {
        requests.push({ method: req.method ?? '', path: req.url ?? '', status: 0, bodyBytes });
        upstream.destroy();
        req.socket.destroy();
        return;
      }
      upstream.write(chunk);
    });
    req.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    faults,
    tokenScopes,
    uploadedBytes: () =>
      requests
        .filter(
          (r) =>
            (r.method === 'PATCH' || r.method === 'PUT') &&
            r.path.includes('/blobs/uploads/') &&
            r.status >= 200 &&
            r.status < 300,
        )
        .reduce((sum, r) => sum + r.bodyBytes, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
