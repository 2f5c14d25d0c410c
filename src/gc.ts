// A full garbage collection on demand, at the points of a large run where much garbage was just made
// and little of it is live (issue 14, peak RSS). Left to itself V8 lets old space grow to several
// times the live heap before it compacts: at 5,760 spec files a run peaked at 530 MB with about
// 180 MB live. --expose-gc is set at run time, so neither the bin nor the API user has to pass it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined | null = null;

export function collectGarbage(): void {
  if (gc === null) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = undefined;
    }
  }
  gc?.();
}

/** collectGarbage every `every` calls: for a loop over gadgets. */
export function garbageEvery(every: number): () => void {
  let n = 0;
  return () => {
    if (++n % every === 0) collectGarbage();
  };
}
