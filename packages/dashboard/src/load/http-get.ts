// One HTTP GET of a data file, with the checks fetch() does not make: a body is accepted only when
// it arrived whole. Node's fetch takes a chunked body cut by `Connection: close` for a complete one;
// node:http's `response.complete` does not. Also: the byte count against Content-Length, a size cap
// (checked on Content-Length before reading and on every chunk), a stall timeout between bytes,
// an overall deadline, and at most MAX_REDIRECTS redirects (loops end with the chain named).
//
// A body with neither Content-Length nor chunked framing ends when the server closes: nothing at
// the HTTP level can tell a cut one from a whole one. The loader guards that case by comparing row
// counts with the cached copy (load-dataset.ts).

import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export const MAX_REDIRECTS = 5;

export interface HttpGetOptions {
  headers?: Record<string, string>;
  /** Longest wait for the answer's headers and between two pieces of the body. */
  stallMs: number;
  /** Longest time for the whole download, redirects included. */
  deadlineMs: number;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** How to name the size limit in an error: the flag or variable that raises it. */
  raiseLimit: string;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** The whole body of a 2xx answer; empty for other statuses (not read). */
  body: Buffer;
  /** After redirects. */
  url: string;
}

/** The download failed in a way a user should hear about (the message says what happened). */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpAnswer> {
  const deadline = Date.now() + options.deadlineMs;
  const chain = [url];
  let current = url;
  for (;;) {
    const answer = await getOnce(current, options, deadline);
    const location = answer.headers.location;
    if (![301, 302, 303, 307, 308].includes(answer.status) || location === undefined) return answer;
    const next = new URL(location, current).href;
    if (!/^https?:/i.test(next)) throw new DownloadError(`redirected to ${next}, which is not http(s)`);
    if (chain.length > MAX_REDIRECTS) {
      throw new DownloadError(
        `more than ${MAX_REDIRECTS} redirects (${chain.slice(-3).join(' → ')} → …)${chain.includes(next) ? ': a redirect loop' : ''}`,
      );
    }
    chain.push(next);
    current = next;
  }
}

function getOnce(url: string, options: HttpGetOptions, deadline: number): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      return reject(
        new DownloadError(`timed out: the download did not finish within ${options.deadlineMs / 1000} s`),
      );
    const send = url.toLowerCase().startsWith('https:') ? httpsRequest : httpRequest;
    // identity: we check the byte count against Content-Length, and no decoder stands in between.
    const request = send(url, { headers: { 'accept-encoding': 'identity', ...options.headers } });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      request.destroy();
      reject(error);
    };
    const overall = setTimeout(
      () =>
        fail(
          new DownloadError(`timed out: the download did not finish within ${options.deadlineMs / 1000} s`),
        ),
      remaining,
    );
    request.setTimeout(options.stallMs, () =>
      fail(new DownloadError(`timed out: the server sent nothing for ${options.stallMs / 1000} s`)),
    );
    request.on('error', (error) => fail(error));
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const base = { status, statusText: response.statusMessage ?? '', headers: response.headers, url };
      if (status < 200 || status >= 300) {
        response.resume();
        settled = true;
        clearTimeout(overall);
        request.destroy();
        return resolve({ ...base, body: Buffer.alloc(0) });
      }
      const lengthHeader = response.headers['content-length'];
      const declared = lengthHeader === undefined ? null : Number(lengthHeader);
      if (declared !== null && declared > options.maxBytes) {
        return fail(tooLarge(`declares ${declared} bytes (Content-Length)`, options));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBytes)
          return fail(tooLarge(`sent more than ${options.maxBytes} bytes`, options));
        chunks.push(chunk);
      });
      response.on('error', (error) => fail(cut(received, declared, error.message)));
      response.on('aborted', () => fail(cut(received, declared, 'the connection closed')));
      response.on('end', () => {
        if (!response.complete) return fail(cut(received, declared, 'the connection closed'));
        if (declared !== null && received !== declared) return fail(cut(received, declared, 'short body'));
        if (settled) return;
        settled = true;
        clearTimeout(overall);
        resolve({ ...base, body: Buffer.concat(chunks, received) });
      });
    });
    request.end();
  });
}

function cut(received: number, declared: number | null, why: string): DownloadError {
  return new DownloadError(
    `the body was cut short (${why} after ${received}${declared === null ? '' : ` of ${declared}`} bytes)`,
  );
}

function tooLarge(what: string, options: HttpGetOptions): DownloadError {
  return new DownloadError(
    `the body ${what}, more than the limit of ${formatBytes(options.maxBytes)}: raise it with ${options.raiseLimit} if the file is really that large`,
  );
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${bytes} bytes`;
}
