// A bounded LRU of encoded API responses, keyed by the normalised query. The
// budget counts bytes, so an all-country answer weighs more than a 2-country one.
import { LRUCache } from 'lru-cache';
import type { EncodedBody } from './encoded-body.js';

/** Room for a few hundred distinct answers; the memory target is 80 MB per process. */
export const DEFAULT_CACHE_BYTES = 8 * 1024 * 1024;

export class ResponseCache {
  private readonly lru: LRUCache<string, EncodedBody>;

  constructor(maxBytes = DEFAULT_CACHE_BYTES) {
    this.lru = new LRUCache<string, EncodedBody>({
      maxSize: maxBytes,
      // Room for the identity body plus its brotli and gzip encodings, made later on demand.
      sizeCalculation: (body) => body.identity.length * 2 + 256,
    });
  }

  /** The cached body for `key`, or a new one from `make` (which may throw: errors are not cached). */
  getOrMake(key: string, make: () => EncodedBody): EncodedBody {
    const hit = this.lru.get(key);
    if (hit !== undefined) return hit;
    const body = make();
    this.lru.set(key, body);
    return body;
  }

  clear(): void {
    this.lru.clear();
  }

  get entries(): number {
    return this.lru.size;
  }
}
