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

/** State of a global service (Route 53): one store per account, whichever region a request is signed for. */
export function perAccount<T>(make: () => T): (state: FakeState) => T {
  const stores = new WeakMap<FakeState['account'], T>();
  return (state) => {
    let found = stores.get(state.account);
    if (found === undefined) {
      found = make();
      stores.set(state.account, found);
    }
    return found;
  };
}
