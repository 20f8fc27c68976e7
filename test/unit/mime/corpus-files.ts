/** The MIME corpus (test/fixtures/mime/*.eml) and Dovecot 2.3.19's answers for it. */

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/mime');

export const CORPUS: readonly { readonly name: string; readonly raw: Buffer }[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((name) => ({ name, raw: readFileSync(resolve(FIXTURES, name)) }));

export type DovecotAnswer = { readonly ENVELOPE: string; readonly BODYSTRUCTURE: string; readonly BODY: string };

/**
 * FETCH ENVELOPE, BODYSTRUCTURE and BODY as Dovecot 2.3.19 sent them for each
 * corpus file (wire text, one char per byte), recorded from a real Dovecot.
 */
export const DOVECOT: Readonly<Record<string, DovecotAnswer>> = JSON.parse(
  readFileSync(resolve(FIXTURES, 'dovecot-2.3.19.json'), 'utf8'),
) as Record<string, DovecotAnswer>;

/**
 * BODY[section] of each corpus file as Dovecot 2.3.19 sent it: "length:sha256
 * prefix" per section spec (with "<origin.size>" for partial fetches).
 */
export const DOVECOT_SECTIONS: Readonly<Record<string, Record<string, string>>> = JSON.parse(
  readFileSync(resolve(FIXTURES, 'dovecot-2.3.19-sections.json'), 'utf8'),
) as Record<string, Record<string, string>>;

/** A byte string (one char per byte) as a Buffer. */
export function bytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
