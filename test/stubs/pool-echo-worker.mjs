// A stand-in for src/emit/pool-worker.ts in test/pool.test.ts: echoes tasks, dies on rel "crash",
// throws on rel "throw".
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (task) => {
  if (task.rel === 'crash') process.exit(7);
  if (task.rel === 'throw') {
    parentPort.postMessage({ seq: task.seq, ok: false, error: { message: 'boom' } });
    return;
  }
  parentPort.postMessage({ seq: task.seq, ok: true, result: `${task.op}:${task.rel}` });
});
parentPort.postMessage({ ready: true });
