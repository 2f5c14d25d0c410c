// Every file a verb reads besides gadget trees (a Finesse layout, a report, a network file, a base
// layout, a single spec) goes through here: a regular file, checked by size before it is read, so a
// FIFO or /dev/stdin never blocks and /dev/zero or a 20 GB file is refused instead of read.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

export class InputFileError extends Error {}

/**
 * The bytes of `file`, at most `limit` of them: throws InputFileError when it is not a regular
 * file, is larger than `limit`, or cannot be read. `head` reads only the first `head` bytes.
 */
export function readInputFile(file: string, limit: number, head?: number): Buffer {
  let fd: number;
  try {
    // stat before open: a socket behind /dev/stdin cannot even be opened (ENXIO).
    if (!statSync(file).isFile()) throw new InputFileError(`${file}: not a regular file`);
    // O_NONBLOCK: opening a FIFO for reading does not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputFileError(`${file}: not a regular file`);
    const want = head === undefined ? st.size : Math.min(head, st.size);
    if (head === undefined && st.size > limit) throw new InputFileError(`${file}: ${st.size} bytes, over the ${limit}-byte limit for this file`);
    const buf = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, buf, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === want ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export const MB = 1024 * 1024;
