// A small client for the OCI distribution API: ping, auth (anonymous, basic, bearer challenge),
// blobs (HEAD, mount, monolithic and chunked upload, download) and manifests, with retries on
// 5xx/429 and dropped connections, and errors that say what to do.
import type { Readable, Writable } from 'node:stream';
import { type Digest, sha256 } from '../image/digest.js';
import { indexMediaTypes, MediaType, manifestMediaTypes } from '../image/media-types.js';
import { type Challenge, parseChallenge, tokenUrl } from './auth-challenge.js';
import { ANONYMOUS, type BasicCredentials, type CredentialSource } from './credentials.js';
import { ecrRegion } from './ecr-registry.js';
import { type HttpRequest, type HttpResponse, NetworkError, sendRequest } from './http-request.js';
import { httpFailure, networkFailure, RegistryError } from './registry-errors.js';
import { backoffMs, DEFAULT_RETRY, type RetryPolicy, retryAfterMs, sleep } from './retry.js';

export interface RegistryClientOptions {
  /** Host and port, e.g. `public.ecr.aws`, `127.0.0.1:5000`. */
  registry: string;
  /** Plain HTTP (local registries). */
  insecure?: boolean;
  credentials?: CredentialSource;
  retry?: RetryPolicy;
  /** Blobs larger than this go up in PATCH chunks of this size, smaller ones in one PUT (ECR: always one PUT). */
  chunkSize?: number;
}

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: Digest;
}

interface Call {
  /** For messages: "pushing blob sha256:ab12… to ebov-dash". */
  what: string;
  scopes: readonly string[];
  method: string;
  path: string | URL;
  headers?: Record<string, string>;
  body?: HttpRequest['body'];
  onBodyBytes?: (sent: number) => void;
  sink?: Writable;
  /** Statuses handed back to the caller rather than raised. */
  accept: readonly number[];
  /** False for upload bodies: a half-sent PATCH cannot be resent; the whole upload is retried. */
  retry?: boolean;
}

const NOT_RETRYABLE_NETWORK = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'CERT_HAS_EXPIRED',
]);
export const DEFAULT_CHUNK_SIZE = 32 * 1024 * 1024;
const ACCEPT_MANIFESTS = [...manifestMediaTypes, ...indexMediaTypes].join(', ');

export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return !NOT_RETRYABLE_NETWORK.has(error.code);
  if (error instanceof RegistryError) return error.status >= 500 || error.status === 429;
  return false;
}

export class RegistryClient {
  readonly registry: string;
  readonly insecure: boolean;
  private readonly credentials: CredentialSource;
  private readonly retryPolicy: RetryPolicy;
  readonly chunkSize: number;
  private challenge: Challenge | undefined;
  private pinged = false;
  private readonly tokens = new Map<string, string>();
  private basic: BasicCredentials | undefined;
  private basicLoaded = false;

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry;
    this.insecure = options.insecure ?? false;
    this.credentials = options.credentials ?? ANONYMOUS;
    this.retryPolicy = options.retry ?? DEFAULT_RETRY;
    // ECR answers the first PATCH with 201 and drops later chunks (aws/containers-roadmap#2831):
    // one PUT per blob there, whatever its size.
    this.chunkSize =
      options.chunkSize ?? (ecrRegion(options.registry) ? Number.POSITIVE_INFINITY : DEFAULT_CHUNK_SIZE);
  }

  private url(path: string | URL): URL {
    return path instanceof URL
      ? path
      : new URL(path, `${this.insecure ? 'http' : 'https'}://${this.registry}`);
  }

  private async loadBasic(): Promise<BasicCredentials | undefined> {
    if (!this.basicLoaded) {
      this.basic = await this.credentials.get();
      this.basicLoaded = true;
    }
    return this.basic;
  }

  private credentialFacts() {
    return {
      describe: this.credentials.describe,
      fix: this.credentials.fix,
      present: this.basic !== undefined,
    };
  }

  /** GET /v2/: is the registry there, and which auth does it want. */
  async ping(): Promise<void> {
    if (this.pinged) return;
    const res = await this.call({
      what: 'checking the registry (/v2/)',
      scopes: [],
      method: 'GET',
      path: '/v2/',
      accept: [200, 401],
    });
    if (res.status === 401) this.challenge = parseChallenge(header(res, 'www-authenticate'));
    this.pinged = true;
  }

  private async authorization(scopes: readonly string[]): Promise<string | undefined> {
    if (!this.challenge) return undefined;
    const basic = await this.loadBasic();
    if (this.challenge.scheme === 'basic') {
      return basic
        ? `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`
        : undefined;
    }
    const key = [...scopes].sort().join(' ');
    const cached = this.tokens.get(key);
    if (cached) return `Bearer ${cached}`;
    const url = tokenUrl(this.challenge, scopes);
    const headers: Record<string, string> = {};
    if (basic)
      headers.authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
    let res: HttpResponse;
    try {
      res = await sendRequest({ method: 'GET', url, headers });
    } catch (error) {
      if (error instanceof NetworkError) throw networkFailure(url.host, error.code, this.insecure);
      throw error;
    }
    if (res.status !== 200) {
      throw httpFailure({
        registry: url.host,
        what: `getting a token for ${key || 'the registry'}`,
        response: res,
        credentials: this.credentialFacts(),
      });
    }
    const body = JSON.parse(res.body.toString()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token)
      throw new RegistryError(`the token service ${url.host} answered without a token`, undefined, 200);
    this.tokens.set(key, token);
    return `Bearer ${token}`;
  }

  private async call(call: Call): Promise<HttpResponse> {
    let url = this.url(call.path);
    let reauthorized = false;
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      const last = call.retry === false || attempt >= this.retryPolicy.attempts - 1;
      const sameHost = url.host === this.registry;
      const auth = sameHost ? await this.authorization(call.scopes) : undefined;
      let res: HttpResponse;
      try {
        res = await sendRequest({
          method: call.method,
          url,
          headers: { 'user-agent': 'ship/0.1', ...call.headers, ...(auth ? { authorization: auth } : {}) },
          ...(call.body ? { body: call.body } : {}),
          ...(call.onBodyBytes ? { onBodyBytes: call.onBodyBytes } : {}),
          ...(call.sink ? { sink: call.sink } : {}),
        });
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        if (last || !isRetryable(error)) {
          if (call.retry === false) throw error;
          throw networkFailure(url.host, error.code, this.insecure);
        }
        await sleep(backoffMs(this.retryPolicy, attempt));
        continue;
      }
      if (res.status === 401 && sameHost && !reauthorized && !call.accept.includes(401)) {
        // The registry wants (other) auth: learn the challenge, drop the cached token, try once more.
        reauthorized = true;
        const challenge = parseChallenge(header(res, 'www-authenticate'));
        if (challenge) this.challenge = challenge;
        this.tokens.delete([...call.scopes].sort().join(' '));
        attempt--;
        continue;
      }
      if (
        [301, 302, 303, 307, 308].includes(res.status) &&
        !call.accept.includes(res.status) &&
        redirects < 5
      ) {
        // Blob downloads go to a CDN or S3; their URL carries its own signature, no Authorization.
        const location = header(res, 'location');
        if (location) {
          url = new URL(location, url);
          redirects++;
          attempt--;
          continue;
        }
      }
      if (call.accept.includes(res.status)) return res;
      const failure = httpFailure({
        registry: url.host,
        what: call.what,
        response: res,
        credentials: this.credentialFacts(),
      });
      if (last || !isRetryable(failure)) throw failure;
      await sleep(retryAfterMs(header(res, 'retry-after')) ?? backoffMs(this.retryPolicy, attempt));
    }
  }

  async blobExists(repository: string, digest: Digest, scopes: readonly string[]): Promise<boolean> {
    const res = await this.call({
      what: `checking blob ${short(digest)} in ${repository}`,
      scopes,
      method: 'HEAD',
      path: `/v2/${repository}/blobs/${digest}`,
      accept: [200, 404],
    });
    return res.status === 200;
  }

  /** Cross-repository mount: the registry links a blob it already has under another name. */
  async mountBlob(
    repository: string,
    digest: Digest,
    from: string,
    scopes: readonly string[],
  ): Promise<boolean> {
    const query = new URLSearchParams({ mount: digest, from });
    const res = await this.call({
      what: `mounting blob ${short(digest)} from ${from} into ${repository}`,
      scopes,
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/?${query}`,
      accept: [201, 202],
    });
    return res.status === 201;
  }

  /**
   * Uploads a blob in one PUT, or in PATCH chunks when larger than the chunk size; a failed
   * attempt starts a new upload session.
   */
  async uploadBlob(options: {
    repository: string;
    digest: Digest;
    size: number;
    scopes: readonly string[];
    open: (start: number, end: number) => Readable;
    onBytes?: (sent: number) => void;
    onRetry?: (error: unknown) => void;
  }): Promise<void> {
    const { repository, digest, size, scopes } = options;
    const what = `uploading blob ${short(digest)} to ${repository}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const start = await this.call({
          what,
          scopes,
          method: 'POST',
          path: `/v2/${repository}/blobs/uploads/`,
          accept: [202],
        });
        let location = this.uploadLocation(start, what);
        if (size <= this.chunkSize) {
          location.searchParams.set('digest', digest);
          const res = await this.call({
            what,
            scopes,
            method: 'PUT',
            path: location,
            headers: { 'content-type': 'application/octet-stream' },
            body: { length: size, open: () => options.open(0, size) },
            ...(options.onBytes ? { onBodyBytes: options.onBytes } : {}),
            accept: [201],
            retry: false,
          });
          this.checkDigest(res, digest, what);
          return;
        }
        for (let offset = 0; offset < size; offset += this.chunkSize) {
          const end = Math.min(size, offset + this.chunkSize);
          const res = await this.call({
            what,
            scopes,
            method: 'PATCH',
            path: location,
            headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${end - 1}` },
            body: { length: end - offset, open: () => options.open(offset, end) },
            onBodyBytes: (sent) => options.onBytes?.(offset + sent),
            accept: [202],
            retry: false,
          });
          location = this.uploadLocation(res, what);
        }
        location.searchParams.set('digest', digest);
        const res = await this.call({
          what,
          scopes,
          method: 'PUT',
          path: location,
          accept: [201],
          retry: false,
        });
        this.checkDigest(res, digest, what);
        return;
      } catch (error) {
        if (attempt >= this.retryPolicy.attempts - 1 || !isRetryable(error)) {
          if (error instanceof NetworkError) throw networkFailure(this.registry, error.code, this.insecure);
          throw error;
        }
        options.onRetry?.(error);
        options.onBytes?.(0);
        await sleep(backoffMs(this.retryPolicy, attempt));
      }
    }
  }

  private uploadLocation(res: HttpResponse, what: string): URL {
    const location = header(res, 'location');
    if (!location)
      throw new RegistryError(
        `${this.registry} sent no upload location while ${what}`,
        undefined,
        res.status,
      );
    return new URL(location, this.url('/'));
  }

  private checkDigest(res: HttpResponse, expected: Digest, what: string): void {
    const got = header(res, 'docker-content-digest');
    if (got?.startsWith('sha256:') && got !== expected) {
      throw new RegistryError(
        `${this.registry} stored ${got} but we sent ${expected} while ${what}`,
        'the upload was corrupted; try again',
        res.status,
      );
    }
  }

  async downloadBlob(
    repository: string,
    digest: Digest,
    sink: Writable,
    scopes: readonly string[],
  ): Promise<void> {
    await this.call({
      what: `downloading blob ${short(digest)} from ${repository}`,
      scopes,
      method: 'GET',
      path: `/v2/${repository}/blobs/${digest}`,
      sink,
      accept: [200],
    });
  }

  async getManifest(
    repository: string,
    reference: string,
    scopes: readonly string[],
  ): Promise<FetchedManifest> {
    const res = await this.call({
      what: `reading manifest ${repository}:${reference}`,
      scopes,
      method: 'GET',
      path: `/v2/${repository}/manifests/${reference}`,
      headers: { accept: ACCEPT_MANIFESTS },
      accept: [200],
    });
    const digest = sha256(res.body);
    const claimed = reference.startsWith('sha256:') ? reference : header(res, 'docker-content-digest');
    if (claimed?.startsWith('sha256:') && claimed !== digest) {
      throw new RegistryError(
        `manifest ${repository}:${reference} from ${this.registry} has digest ${digest}, expected ${claimed}`,
        'the registry or a proxy altered it; try again',
        200,
      );
    }
    const parsed = JSON.parse(res.body.toString()) as { mediaType?: string; manifests?: unknown };
    const mediaType =
      parsed.mediaType ??
      header(res, 'content-type') ??
      (parsed.manifests ? MediaType.ociIndex : MediaType.ociManifest);
    return { bytes: res.body, mediaType, digest };
  }

  /** PUT a manifest by tag or digest; returns the digest the registry stored it under. */
  async putManifest(
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
    scopes: readonly string[],
  ): Promise<Digest> {
    const what = `pushing manifest ${repository}:${reference}`;
    const res = await this.call({
      what,
      scopes,
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      headers: { 'content-type': mediaType },
      body: bytes,
      accept: [201],
    });
    const digest = sha256(bytes);
    this.checkDigest(res, digest, what);
    return digest;
  }
}

function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function short(digest: string): string {
  return digest.slice(0, 'sha256:'.length + 12);
}
