/** Errors of the file system under the store, which the protocols report rather than crash on. */

/** An error of the file system (ENOTDIR, EACCES, EISDIR, EIO, ...), not a bug of ours. */
export function isFileSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!);
}
