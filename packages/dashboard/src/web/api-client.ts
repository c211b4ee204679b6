// The browser's side of the HTTP API (same origin only). Answers are kept in a small
// in-memory cache so that back/forward and toggling an option back redraw at once.
import type { ApiError, MetaResponse, SeriesResponse } from '../core/api-types.js';
import { type SeriesRequest, seriesQueryString } from './view-state.js';

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

const CACHE_LIMIT = 64;
const cache = new Map<string, Promise<unknown>>();

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal: signal ?? null, headers: { accept: 'application/json' } });
  if (!response.ok) {
    let body: ApiError | null = null;
    try {
      body = (await response.json()) as ApiError;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiRequestError(body?.message ?? `${url}: HTTP ${response.status}`, response.status, body);
  }
  return (await response.json()) as T;
}

function cached<T>(url: string, signal?: AbortSignal): Promise<T> {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url);
    cache.set(url, hit);
    return hit as Promise<T>;
  }
  const pending = getJson<T>(url, signal);
  cache.set(url, pending);
  // A failed or aborted request is not remembered.
  pending.catch(() => cache.delete(url));
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return pending;
}

export function fetchMeta(): Promise<MetaResponse> {
  return cached<MetaResponse>('/api/meta');
}

export function seriesUrl(request: SeriesRequest): string {
  return `/api/series?${seriesQueryString(request)}`;
}

export function seriesCsvUrl(request: SeriesRequest): string {
  return `/api/series.csv?${seriesQueryString(request)}`;
}

export function fetchSeries(request: SeriesRequest, signal?: AbortSignal): Promise<SeriesResponse> {
  return cached<SeriesResponse>(seriesUrl(request), signal);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
