// Module resolve hook for import-probe.mjs (runs on the loader thread).
import { appendFileSync } from 'node:fs';

let file;
let watched = /^(ink|react|react-reconciler|yoga-layout)(\/|$)/;

export function initialize(data) {
  file = data?.file;
  if (data?.pattern) watched = new RegExp(data.pattern);
}

export async function resolve(specifier, context, next) {
  if (file && watched.test(specifier)) appendFileSync(file, `${specifier}\n`);
  return next(specifier, context);
}
