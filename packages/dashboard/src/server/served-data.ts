// What the server is serving: the dataset once it is loaded, whether the
// process is draining for shutdown, and the responses cached for this dataset.
import type { MetaResponse } from '../core/api-types.js';
import { type Dataset, describeMeta } from '../core/index.js';
import { EncodedBody } from './encoded-body.js';
import { ApiProblem } from './errors.js';
import { ResponseCache } from './response-cache.js';

export class ServedData {
  private current: Dataset | null;
  /** Set when shutdown begins: /readyz turns 503 so that load balancers stop sending traffic. */
  draining = false;
  readonly responses: ResponseCache;
  private metaResponse: MetaResponse | undefined;
  private metaEncoded: EncodedBody | undefined;

  constructor(dataset: Dataset | null, cacheBytes?: number) {
    this.current = dataset;
    this.responses = new ResponseCache(cacheBytes);
  }

  get dataset(): Dataset | null {
    return this.current;
  }

  set dataset(dataset: Dataset | null) {
    this.current = dataset;
    this.metaResponse = undefined;
    this.metaEncoded = undefined;
    this.responses.clear();
  }

  get ready(): boolean {
    return this.current !== null && !this.draining;
  }

  /** The dataset for a data route; 503 until it is loaded (the server never serves half-loaded data). */
  require(): Dataset {
    if (this.current === null)
      throw new ApiProblem('EBOV_NOT_READY', { message: 'the data is still loading' });
    return this.current;
  }

  meta(): MetaResponse {
    this.metaResponse ??= describeMeta(this.require());
    return this.metaResponse;
  }

  metaBody(): EncodedBody {
    // The ETag leaves loadedAt out: it depends on the data only, so a restart (or another process)
    // with the same data answers a revalidation with 304.
    this.metaEncoded ??= new EncodedBody(
      JSON.stringify(this.meta()),
      'application/json; charset=utf-8',
      {},
      JSON.stringify({ ...this.meta(), loadedAt: undefined }),
    );
    return this.metaEncoded;
  }
}
