// Walks the reconcile table's finds (resource-entry.ts) for one environment:
// each entry's find runs as soon as the entries it reads (`after`) are done,
// so independent lookups go in parallel. Observe (plan, deploy), status and
// destroy all look through here.
import type { Entry, FindContext } from './resource-entry.js';

/** What each entry's find returned; `get` is typed by the entry asked about. */
export interface FoundResources {
  get<T>(e: Entry<T>): T | undefined;
}

export async function findResources(
  c: FindContext,
  entries: readonly Entry<unknown>[],
): Promise<FoundResources> {
  const values = new Map<Entry<unknown>, unknown>();
  const running = new Map<Entry<unknown>, Promise<void>>();
  const earlier = <U>(e: Entry<U>) => values.get(e as Entry<unknown>) as U | undefined;
  const start = (e: Entry<unknown>): Promise<void> => {
    let started = running.get(e);
    if (!started) {
      started = Promise.all((e.after ?? []).map(start)).then(async () => {
        values.set(e, await e.find(c, earlier));
      });
      running.set(e, started);
    }
    return started;
  };
  await Promise.all(entries.map(start));
  return { get: earlier };
}
