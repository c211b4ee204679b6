// A response body serialised once and kept with its strong ETag and its
// brotli/gzip encodings, so that a repeated query costs a lookup and a write.
// The encodings are made on first demand (a client that never asks for brotli
// never pays for it) and synchronously: they are small (tens of kB at most).
// Brotli quality 5: within 1% of quality 9's size on these bodies, ~100× faster.
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

type Coding = 'br' | 'gzip' | 'identity';

/** Bodies below this size go out as they are: compression would not pay for its headers. */
const COMPRESS_MIN_BYTES = 512;

const negotiator = new Negotiator<Coding>({ supportedValues: ['br', 'gzip', 'identity'] });

export class EncodedBody {
  readonly identity: Buffer;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The opaque part of the strong ETag, shared by the encodings (each adds a suffix). */
  private readonly tag: string;
  private brotli: Buffer | undefined;
  private gzip: Buffer | undefined;

  /** `tagOf`: what the ETag is a hash of, when the body holds something that is not content (a load time). */
  constructor(body: string, contentType: string, headers: Record<string, string> = {}, tagOf?: string) {
    this.identity = Buffer.from(body, 'utf8');
    this.contentType = contentType;
    this.headers = headers;
    this.tag = createHash('sha256')
      .update(tagOf === undefined ? this.identity : Buffer.from(tagOf, 'utf8'))
      .digest('base64url')
      .slice(0, 27);
  }

  /** Bytes held, for the cache's size budget. */
  get size(): number {
    return this.identity.length + (this.brotli?.length ?? 0) + (this.gzip?.length ?? 0) + 200;
  }

  etag(coding: Coding): string {
    return coding === 'identity' ? `"${this.tag}"` : `"${this.tag}-${coding === 'br' ? 'br' : 'gz'}"`;
  }

  /** True when If-None-Match names any encoding of this body (weak comparison, RFC 9110 13.1.2). */
  matches(ifNoneMatch: string): boolean {
    if (ifNoneMatch.trim() === '*') return true;
    for (const raw of ifNoneMatch.split(',')) {
      let candidate = raw.trim();
      if (candidate.startsWith('W/')) candidate = candidate.slice(2);
      if (!candidate.startsWith(`"${this.tag}`)) continue;
      if (
        candidate === this.etag('identity') ||
        candidate === this.etag('br') ||
        candidate === this.etag('gzip')
      ) {
        return true;
      }
    }
    return false;
  }

  bytes(coding: Coding): Buffer {
    if (coding === 'br') {
      this.brotli ??= brotliCompressSync(this.identity, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: 5,
          [zlib.BROTLI_PARAM_SIZE_HINT]: this.identity.length,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        },
      });
      return this.brotli;
    }
    if (coding === 'gzip') {
      this.gzip ??= gzipSync(this.identity, { level: 9 });
      return this.gzip;
    }
    return this.identity;
  }

  /** Answers the request from this body: 304 when the client's copy is current, else the best encoding. */
  send(request: FastifyRequest, reply: FastifyReply, cacheControl: string): FastifyReply {
    const accept = request.headers['accept-encoding'];
    const coding: Coding =
      this.identity.length >= COMPRESS_MIN_BYTES && typeof accept === 'string'
        ? (negotiator.negotiate(accept) ?? 'identity')
        : 'identity';
    reply
      .header('cache-control', cacheControl)
      .header('vary', 'accept-encoding')
      .header('etag', this.etag(coding));
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string' && this.matches(ifNoneMatch)) {
      return reply.code(304).send();
    }
    reply.headers(this.headers).header('content-type', this.contentType);
    if (coding !== 'identity') reply.header('content-encoding', coding);
    return reply.send(this.bytes(coding));
  }
}

/** API answers change only when the data is reloaded (a restart): browsers and proxies may keep them 5 min. */
export const API_CACHE_CONTROL = 'public, max-age=300';
