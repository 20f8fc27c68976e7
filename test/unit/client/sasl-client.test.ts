import { describe, expect, it } from 'vitest';
import { initialResponse, plainResponse, respond } from '../../../src/client/sasl-client.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe(':auth SASL responses', () => {
  it('PLAIN: NUL user NUL password (RFC 4616 §2)', () => {
    expect(plainResponse('alice', 'password')).toBe('AGFsaWNlAHBhc3N3b3Jk');
    expect(initialResponse('plain', 'alice', 'password')).toBe('AGFsaWNlAHBhc3N3b3Jk');
    expect(initialResponse('login', 'alice', 'password')).toBeUndefined();
  });

  it('LOGIN: user to "Username:", password to "Password:", by order when the words differ', () => {
    expect(respond('login', 0, b64('Username:'), 'alice', 'pw')).toBe(b64('alice'));
    expect(respond('login', 1, b64('Password:'), 'alice', 'pw')).toBe(b64('pw'));
    expect(respond('login', 0, b64('Password:'), 'alice', 'pw')).toBe(b64('pw'));
    expect(respond('login', 1, '', 'alice', 'pw')).toBe(b64('pw'));
  });

  it('CRAM-MD5: the RFC 2195 §2 example', () => {
    const challenge = b64('<1896.697170952@postoffice.reston.mci.net>');
    expect(respond('cram-md5', 0, challenge, 'tim', 'tanstaaftanstaaf')).toBe('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw');
  });
});
