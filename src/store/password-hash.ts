/**
 * Password hashes for stored sandbox users: scrypt (RFC 7914) with a random salt, written as
 * `scrypt$N$r$p$saltB64$hashB64`. Plaintext passwords never reach the disk.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Cost parameters for new hashes: N=2^14, r=8, p=1 (the interactive-login setting of RFC 7914 §2). */
export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1 } as const;
export const SCRYPT_KEY_LENGTH = 32;
export const SCRYPT_SALT_LENGTH = 16;
/** Upper bounds when reading a hash, so a tampered users.json cannot make one login take minutes. */
export const SCRYPT_MAX_N = 1 << 20;
export const SCRYPT_MAX_R = 32;
export const SCRYPT_MAX_P = 16;

const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

type Parsed = { N: number; r: number; p: number; salt: Buffer; hash: Buffer };

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function memoryFor(N: number, r: number): number {
  // scrypt needs about 128 * N * r bytes; Node refuses above maxmem (default 32 MiB).
  return 256 * N * r + 1024 * 1024;
}

export function parsePasswordHash(stored: string): Parsed | undefined {
  const m = FORMAT.exec(stored);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const powerOfTwo = N >= 2 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > SCRYPT_MAX_N || r < 1 || r > SCRYPT_MAX_R || p < 1 || p > SCRYPT_MAX_P) return undefined;
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { N, r, p, salt, hash };
}

export function isPasswordHash(stored: string): boolean {
  return parsePasswordHash(stored) !== undefined;
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_PARAMS;
  const salt = randomBytes(SCRYPT_SALT_LENGTH);
  const hash = await scrypt(password, salt, SCRYPT_KEY_LENGTH, { N, r, p, maxmem: memoryFor(N, r) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time; false for a malformed hash. */
export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const { N, r, p, salt, hash } = parsed;
  const candidate = await scrypt(password, salt, hash.length, { N, r, p, maxmem: memoryFor(N, r) });
  return timingSafeEqual(candidate, hash);
}
