// One planning pass reads the same object from several places: the identity-switch check and the
// Fusion role step both read the role, every workspace of a run lists the cluster's RoleBindings.
// A run's planning readers share each answer (the same call with the same arguments is sent
// once, and a call still in flight is joined), so those reads can start at the same time instead
// of one after the other. Only for planning: apply re-reads live state before every wave through
// the run's own readers, never through this cache.
import type { Readers } from '../steps/gateways.js';

function memoize<T extends object>(target: T): T {
  const answers = new Map<string, Promise<unknown>>();
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const key = `${prop}(${JSON.stringify(args)})`;
        const known = answers.get(key);
        if (known) return known;
        const answer = (value as (...a: unknown[]) => unknown).apply(obj, args);
        // only answers from the service are shared (a synchronous accessor is asked each time)
        if (answer instanceof Promise) answers.set(key, answer);
        return answer;
      };
    },
  });
}

/** `readers` whose answers are shared within one planning pass. */
export function sharedReads(readers: Readers): Readers {
  return {
    iam: memoize(readers.iam),
    eks: memoize(readers.eks),
    kube: memoize(readers.kube),
    ...(readers.seqera ? { seqera: memoize(readers.seqera) } : {}),
  };
}
