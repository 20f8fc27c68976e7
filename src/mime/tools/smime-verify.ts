/**
 * Checks a CMS signature with `openssl cms -verify` against the key in the
 * signer's certificate, which travels in the message. `-noverify` skips the
 * certificate chain: a sandbox has no trust store, and what learners need to
 * see is whether these bytes were signed by that key. (The certificate's
 * validity dates are checked and shown separately.)
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long openssl may take for one signature. */
export const OPENSSL_TIMEOUT_MS = 10_000;

export type SignatureCheck = {
  readonly status: 'valid' | 'invalid' | 'unchecked';
  readonly detail: string;
};

/**
 * Verifies `signature` (DER CMS SignedData) over `content` (detached, as in
 * multipart/signed), or over the content inside it when `content` is null.
 */
export function verifyCms(signature: Buffer, content: Buffer | null, openssl = 'openssl'): SignatureCheck {
  const dir = mkdtempSync(join(tmpdir(), 'mailproto-smime-'));
  try {
    const sig = join(dir, 'sig.der');
    writeFileSync(sig, signature);
    const args = ['cms', '-verify', '-binary', '-noverify', '-inform', 'DER', '-in', sig, '-out', join(dir, 'out')];
    if (content !== null) {
      writeFileSync(join(dir, 'content'), content);
      args.push('-content', join(dir, 'content'));
    }
    const r = spawnSync(openssl, args, { encoding: 'utf8', timeout: OPENSSL_TIMEOUT_MS });
    if (r.error !== undefined) {
      const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
      return { status: 'unchecked', detail: missing ? 'openssl is not installed, so the signature was not checked' : `openssl failed: ${r.error.message}` };
    }
    const said = `${r.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
    if (r.status === 0) return { status: 'valid', detail: 'the signature matches the content and the signer certificate\'s key (openssl cms -verify)' };
    const reason = said.find((l) => /digest failure|signature failure|verification failure/i.test(l)) ?? said[said.length - 1] ?? `exit ${r.status}`;
    return { status: 'invalid', detail: `openssl cms -verify: ${reason.replace(/^[0-9A-F]+:error:[0-9A-F]*:?/i, '')}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
