// State for the services added beside FakeState's own fields (ACM, Route 53,
// CloudWatch, Express, OIDC providers): one store per fake, made on first use.
import type { FakeState } from './state.js';

export function perState<T>(make: () => T): (state: FakeState) => T {
  const stores = new WeakMap<FakeState, T>();
  return (state) => {
    let found = stores.get(state);
    if (found === undefined) {
      found = make();
      stores.set(state, found);
    }
    return found;
  };
}
