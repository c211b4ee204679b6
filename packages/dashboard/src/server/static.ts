// Serves the built browser client (dist/web, made by scripts/build-web.mjs).
// - /assets/<name>-<hash>.*: immutable for a year (the name changes when the content does).
// - index.html: `no-cache` (always revalidated with its ETag), so a deploy is seen at once.
// - The .br/.gz written at build time are chosen by Accept-Encoding: no compression per request.
// The files are read once at start (a few hundred KB) and served from memory.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Content-Security-Policy of the HTML page. Everything comes from this origin; the
 * exceptions, and why:
 * - img-src blob: data: — "Download PNG" turns the chart canvas into a blob: URL, and
 *   uPlot/the browser may render the exported image from a data: URL.
 * - style-src 'self' only: no inline <style> or style="" attributes (uPlot sets sizes
 *   through the CSSOM, which CSP allows).
 * - connect-src 'self': the client calls /api/* on this origin and nothing else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The embed page (/embed?…, the same view without the page's chrome) is the one page
 * other sites may put in an <iframe>: frame-ancestors * there, and no X-Frame-Options.
 */
export const EMBED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "frame-ancestors 'none'",
  'frame-ancestors *',
);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

type Encoding = 'br' | 'gzip' | 'identity';

interface StaticFile {
  type: string;
  etag: string;
  bodies: Partial<Record<Encoding, Buffer>>;
}

/** Where the built client is: dist/web beside the bundle (dist/cli.js), or, running from src/server with tsx, ../../dist/web. */
export function webRoot(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env['EBOV_WEB_DIR'],
    path.resolve(here, 'web'),
    path.resolve(here, '../../dist/web'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  // manifest.json marks a built client (src/web has an index.html too: the template).
  return candidates.find((dir) => existsSync(path.join(dir, 'manifest.json'))) ?? null;
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

async function loadFiles(root: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  const names = await listFiles(root);
  for (const name of names) {
    if (name.endsWith('.br') || name.endsWith('.gz') || name === 'manifest.json') continue;
    const identity = await readFile(path.join(root, name));
    const bodies: StaticFile['bodies'] = { identity };
    if (names.includes(`${name}.br`)) bodies.br = await readFile(path.join(root, `${name}.br`));
    if (names.includes(`${name}.gz`)) bodies.gzip = await readFile(path.join(root, `${name}.gz`));
    const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
    files.set(`/${name}`, {
      type: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
      etag: `"${hash}"`,
      bodies,
    });
  }
  return files;
}

/** The best encoding the client accepts (q > 0) among those we have; br before gzip. */
export function chooseEncoding(acceptEncoding: string | undefined, available: Encoding[]): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(token, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (enc: string) => (accepted.get(enc) ?? accepted.get('*') ?? 0) > 0;
  for (const enc of ['br', 'gzip'] as const) if (available.includes(enc) && ok(enc)) return enc;
  return 'identity';
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  file: StaticFile,
  cacheControl: string,
  framing: 'deny' | 'any' = 'deny',
) {
  reply.header('Cache-Control', cacheControl);
  reply.header('ETag', file.etag);
  reply.header('Vary', 'Accept-Encoding');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Content-Type', file.type);
  if (file.type.startsWith('text/html')) {
    reply.header('Referrer-Policy', 'no-referrer');
    if (framing === 'any') {
      reply.header('Content-Security-Policy', EMBED_CONTENT_SECURITY_POLICY);
      reply.removeHeader('X-Frame-Options');
    } else {
      reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      reply.header('X-Frame-Options', 'DENY');
    }
  }
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === file.etag || tag.trim() === `W/${file.etag}`)) {
    return reply.code(304).send();
  }
  const available = Object.keys(file.bodies) as Encoding[];
  const encoding = chooseEncoding(request.headers['accept-encoding'], available);
  if (encoding !== 'identity') reply.header('Content-Encoding', encoding);
  return reply.send(file.bodies[encoding]);
}

const NOT_BUILT =
  'The browser client is not built. Run `npm run build` (it writes packages/dashboard/dist/web), ' +
  'or set EBOV_WEB_DIR to a built client folder. The API under /api/ works without it.';

export interface StaticOptions {
  /** Folder of a built client (default: see webRoot). */
  root?: string;
}

export async function staticRoutes(app: FastifyInstance, options: StaticOptions = {}): Promise<void> {
  const root = options.root ?? webRoot();
  // A client being rebuilt (its folder replaced) at this moment counts as not built.
  const files =
    root && existsSync(path.join(root, 'manifest.json')) ? await loadFiles(root).catch(() => null) : null;
  const index = files?.get('/index.html');
  if (!files || !index) {
    app.log.warn({ msg: NOT_BUILT });
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT),
    );
    return;
  }

  app.get('/', (request, reply) => send(request, reply, index, 'no-cache'));
  app.get('/index.html', (request, reply) => send(request, reply, index, 'no-cache'));
  const embed = files.get('/embed.html');
  if (embed) app.get('/embed', (request, reply) => send(request, reply, embed, 'no-cache', 'any'));
  app.get('/assets/*', (request, reply) => {
    const file = files.get(request.url.split('?')[0] ?? '');
    if (!file) {
      return reply
        .code(404)
        .type('application/json; charset=utf-8')
        .send({
          statusCode: 404,
          error: 'Not Found',
          code: 'EBOV_NO_SUCH_ASSET',
          message: `no asset ${request.url}: the page may be older than the server; reload it`,
        });
    }
    return send(request, reply, file, 'public, max-age=31536000, immutable');
  });
}
