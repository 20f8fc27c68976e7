// Module resolve hook for import-probe.mjs (runs on the loader thread).
import { appendFileSync } from 'node:fs';

let file;

export function initialize(data) {
  file = data?.file;
}

const WATCHED = /^(ink|react|react-reconciler|yoga-layout)(\/|$)/;

export async function resolve(specifier, context, next) {
  if (file && WATCHED.test(specifier)) appendFileSync(file, `${specifier}\n`);
  return next(specifier, context);
}
