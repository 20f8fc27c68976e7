import { describe, expect, it } from 'vitest';
import type { HeaderField } from '../../../../src/mime/headers.js';
import { parseReceived, receivedChain, MAX_RECEIVED_HOPS, UNREGISTERED_WITH } from '../../../../src/mime/tools/received-chain.js';
import { formatDuration, parseRfc5322Date } from '../../../../src/mime/tools/rfc5322-date.js';

const field = (value: string): HeaderField => ({ name: 'Received', rawValue: value, value, foldedValue: value, offset: 0, length: 0 });

describe('one Received field (RFC 5321 §4.4)', () => {
  it.each([
    [
      'from mail.example.org (mail.example.org [192.0.2.1]) by mx.example.net (Postfix) with ESMTPS id 4F2A1C0123 for <bob@example.net>; Tue, 3 Mar 2026 10:15:02 +0100 (CET)',
      { from: 'mail.example.org', fromInfo: 'mail.example.org [192.0.2.1]', by: 'mx.example.net', byInfo: 'Postfix', with: 'ESMTPS', id: '4F2A1C0123', for: '<bob@example.net>', date: 'Tue, 3 Mar 2026 10:15:02 +0100 (CET)' },
    ],
    ['by mail.example.org (Postfix, from userid 1000) id 3C1B0E00A1; Tue, 3 Mar 2026 10:15:00 +0100', { by: 'mail.example.org', byInfo: 'Postfix, from userid 1000', id: '3C1B0E00A1' }],
    ['FROM a.example BY b.example WITH esmtpsa; 1 Jan 2026 00:00:00 -0000', { from: 'a.example', by: 'b.example', with: 'esmtpsa', withMeaning: 'ESMTP over TLS, the client logged in with AUTH' }],
    ['from x (helo (nested) comment) by y via UUCP with LMTP; Thu, 1 Jan 2026 00:00:00 GMT', { fromInfo: 'helo (nested) comment', via: 'UUCP', withMeaning: 'local delivery with LMTP' }],
    [
      'from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id a1sor.12 for <bob@example.com> (Google Transport Security); Tue, 03 Mar 2026 02:00:04 -0800 (PST)',
      { from: 'mail-sor-f41.google.com', by: 'mx.google.com', with: 'SMTPS', withMeaning: UNREGISTERED_WITH, id: 'a1sor.12', for: '<bob@example.com>', date: 'Tue, 03 Mar 2026 02:00:04 -0800 (PST)' },
    ],
    ['garbage without any clause', { raw: 'garbage without any clause' }],
  ])('%s', (value, expected) => {
    expect(parseReceived(value)).toMatchObject(expected);
  });
});

describe('RFC 5322 dates', () => {
  it.each([
    ['Tue, 3 Mar 2026 10:15:02 +0100 (CET)', '2026-03-03T09:15:02.000Z'],
    ['3 Mar 2026 10:15 -0500', '2026-03-03T15:15:00.000Z'],
    ['Tue, 03 Mar 26 10:15:02 EST', '2026-03-03T15:15:02.000Z'],
    ['Wed, 1 Jan 99 00:00:00 GMT', '1999-01-01T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(new Date(parseRfc5322Date(text)!.time).toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '31 Foo 2026 10:00:00 +0000', '1 Jan 2026 25:00:00 +0000'])('%j is not a date', (text) => {
    expect(parseRfc5322Date(text)).toBeNull();
  });

  it.each([
    [4000, '4 s'],
    [125_000, '2 min 5 s'],
    [-102_000, '-1 min 42 s'],
    [3 * 3600_000 + 12 * 60_000, '3 h 12 min'],
    [0, '0 s'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('the chain', () => {
  const fields = [
    field('from b by c with ESMTP; Tue, 3 Mar 2026 10:00:10 +0000'),
    field('from a by b with ESMTPS; Tue, 3 Mar 2026 10:05:00 +0000'),
    field('from laptop by a with ESMTPSA; Tue, 3 Mar 2026 10:00:02 +0000'),
  ];

  it('lists hops oldest first, with the delay since the previous one (hop 1: since Date)', () => {
    const { hops } = receivedChain(fields, 'Tue, 3 Mar 2026 10:00:00 +0000');
    expect(hops.map((h) => [h.number, h.by, h.delay])).toEqual([
      [1, 'a', '2 s'],
      [2, 'b', '4 min 58 s'],
      [3, 'c', '-4 min 50 s'],
    ]);
  });

  it('flags a hop stamped before the previous one as clock skew', () => {
    const { hops } = receivedChain(fields);
    expect(hops.map((h) => h.clockSkew ?? false)).toEqual([false, false, true]);
  });

  it(`analyses at most ${MAX_RECEIVED_HOPS} hops (RFC 5321 §6.3: a loop)`, () => {
    const many = Array.from({ length: MAX_RECEIVED_HOPS + 7 }, (_, i) => field(`from h${i} by h${i + 1}; Tue, 3 Mar 2026 10:00:00 +0000`));
    const chain = receivedChain(many);
    expect(chain.hops).toHaveLength(MAX_RECEIVED_HOPS);
    expect(chain.skipped).toBe(7);
    // the oldest hop is the bottom field
    expect(chain.hops[0]!.from).toBe(`h${MAX_RECEIVED_HOPS + 6}`);
  });
});
