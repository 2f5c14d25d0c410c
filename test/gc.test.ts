// collectGarbage (src/gc.ts) collects without --expose-gc on the command line: the batch calls it to
// keep peak memory near what is live (issue 14).
import { expect, it } from 'vitest';
import { collectGarbage, garbageEvery } from '../src/gc.js';

it('collects an object nothing refers to any more, with no flag given to node', async () => {
  expect(typeof (globalThis as { gc?: unknown }).gc).not.toBe('function');
  let ref: WeakRef<object> | undefined;
  (() => {
    ref = new WeakRef({ big: new Array(10_000).fill('x') });
  })();
  // A WeakRef's target stays alive until the end of the current job: collect in a later one.
  await new Promise((r) => setTimeout(r, 0));
  collectGarbage();
  expect(ref!.deref()).toBeUndefined();
});

it('garbageEvery collects on every n-th call only', async () => {
  const every = garbageEvery(3);
  const refs: WeakRef<object>[] = [];
  const make = (): void => void refs.push(new WeakRef({ big: new Array(10_000).fill('y') }));
  make();
  await new Promise((r) => setTimeout(r, 0));
  every();
  every();
  // Not yet the third call: nothing forced (a collection V8 starts on its own could still happen, so
  // only the forced one is asserted).
  every();
  expect(refs[0]!.deref()).toBeUndefined();
});
