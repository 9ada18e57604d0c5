// Services that prepare statements or keep caches for a store build them once per store, not per caller:
// the import service, the CLI and the variant readers share one set for the life of the connection.
import type { Store } from './connection.ts';

/** Memoises `build` per store; the entry goes with the store (weakly held). */
export function perStore<T>(build: (store: Store) => T): (store: Store) => T {
  const built = new WeakMap<Store, T>();
  return (store) => {
    let value = built.get(store);
    if (value === undefined) {
      value = build(store);
      built.set(store, value);
    }
    return value;
  };
}
