/**
 * Writing a command's output to stdout when the reader may go away (`mailproto mime encode big |
 * head -1`): once the pipe is closed (EPIPE), the rest of the output is dropped quietly instead
 * of ending the program with an unhandled stream error.
 */
let gone = false;
let listening = false;

/** True once the reader of stdout has gone away. */
export function stdoutGone(): boolean {
  return gone;
}

/**
 * From now on a closed stdout pipe ends nothing: output written afterwards, by us or by
 * commander's help, is dropped. main() calls it first thing.
 */
export function dropOutputWhenReaderGoes(): void {
  if (listening) return;
  listening = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || (gone && err.code === 'ERR_STREAM_DESTROYED')) gone = true;
    else throw err;
  });
}

/** Writes to stdout; resolves when written, or at once when nobody reads any more. */
export function writeStdout(data: Buffer | string): Promise<void> {
  dropOutputWhenReaderGoes();
  if (gone) return Promise.resolve();
  return new Promise((resolve, reject) =>
    process.stdout.write(data, (err) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') {
        gone = true;
        return resolve();
      }
      reject(err);
    }),
  );
}
