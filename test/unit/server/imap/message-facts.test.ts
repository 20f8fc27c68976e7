/**
 * The facts cache (src/server/imap/message-facts.ts): what it keeps, how it is bounded, and that
 * its facts are the ones computed from the raw message.
 */
import { describe, expect, it } from 'vitest';
import { MailStore } from '../../../../src/store/store.js';
import { createTempDataDir } from '../../../../src/store/temp-dir.js';
import {
  factsCacheFor,
  factsOf,
  MESSAGE_FACTS_CACHE_BYTES,
  MESSAGE_FACTS_MAX_ENTRY_BYTES,
  MessageFactsCache,
} from '../../../../src/server/imap/message-facts.js';

const raw = (subject: string, headerPad = 0): Buffer =>
  Buffer.from(`From: a@b.test\r\nSubject: ${subject}\r\nX-Pad: ${'x'.repeat(headerPad)}\r\n\r\nbody\r\n`);

describe('factsOf', () => {
  it('gives ENVELOPE, BODYSTRUCTURE and BODY as wire bytes and the header fields', () => {
    const f = factsOf(raw('hello'));
    expect(f.envelope.toString()).toContain('"hello"');
    expect(f.bodyStructure.toString()).toBe('("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL NIL)');
    expect(f.body.toString()).toBe('("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1)');
    expect(f.fields.map((x) => x.name)).toEqual(['From', 'Subject', 'X-Pad']);
  });
});

describe('MessageFactsCache', () => {
  const put = (c: MessageFactsCache, uid: number, f: ReturnType<typeof factsOf>, uidValidity = 1): void => c.set('alice', 'INBOX', uidValidity, uid, f);
  const get = (c: MessageFactsCache, uid: number, uidValidity = 1): ReturnType<typeof factsOf> | undefined => c.get('alice', 'INBOX', uidValidity, uid);

  it('names a message by user, mailbox and UID, and checks its UIDVALIDITY', () => {
    const cache = new MessageFactsCache();
    const f = factsOf(raw('one'));
    put(cache, 1, f);
    expect(get(cache, 1)).toBe(f);
    expect(cache.get('bob', 'INBOX', 1, 1)).toBeUndefined();
    expect(cache.get('alice', 'Sent', 1, 1)).toBeUndefined();
    expect(get(cache, 2)).toBeUndefined();
    // The mailbox was made again: the old entry is not the message with this UID any more.
    expect(get(cache, 1, 2)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('stays under its byte limit, letting the least recently used go first', () => {
    const one = factsOf(raw('one', 1000));
    const probe = new MessageFactsCache();
    put(probe, 1, one);
    // Room for three entries of this size, not four.
    const cache = new MessageFactsCache(3 * probe.bytes + 100);
    put(cache, 1, one);
    put(cache, 2, factsOf(raw('two', 1000)));
    put(cache, 3, factsOf(raw('three', 1000)));
    expect(get(cache, 1)).toBe(one); // 1 is now the most recently used
    put(cache, 4, factsOf(raw('four', 1000)));
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(get(cache, 1)).toBe(one);
    expect(get(cache, 2)).toBeUndefined();
    expect(get(cache, 4)).toBeDefined();
  });

  it('does not keep a message whose facts are bigger than one entry may be', () => {
    const cache = new MessageFactsCache();
    put(cache, 1, factsOf(raw('huge', MESSAGE_FACTS_MAX_ENTRY_BYTES)));
    expect(get(cache, 1)).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('counts a replaced entry once, and forgets an expunged one', () => {
    const cache = new MessageFactsCache();
    put(cache, 1, factsOf(raw('one')));
    const before = cache.bytes;
    put(cache, 1, factsOf(raw('one')));
    expect(cache.bytes).toBe(before);
    expect(cache.size).toBe(1);
    cache.forget('alice', 'INBOX', 1);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('is bounded by default', () => {
    expect(new MessageFactsCache().maxBytes).toBe(MESSAGE_FACTS_CACHE_BYTES);
    expect(MESSAGE_FACTS_CACHE_BYTES).toBeLessThanOrEqual(128 * 1024 * 1024);
  });
});

describe('factsCacheFor', () => {
  it('is one cache per store, and an expunge in the store removes the message from it', async () => {
    const tmp = await createTempDataDir();
    const store = await MailStore.open({ dir: tmp.dir });
    try {
      await store.ensureUser('alice');
      const info = await store.deliver('alice', 'INBOX', raw('gone soon'));
      const { uidValidity } = await store.status('alice', 'INBOX');
      const cache = factsCacheFor(store);
      expect(factsCacheFor(store)).toBe(cache);
      cache.set('alice', 'INBOX', uidValidity, info.uid, factsOf(raw('gone soon')));
      await store.expunge('alice', 'INBOX', [info.uid]);
      expect(cache.get('alice', 'INBOX', uidValidity, info.uid)).toBeUndefined();
      expect(cache.size).toBe(0);
    } finally {
      await store.close();
      await tmp.remove();
    }
  });
});

describe('factsOf: line ends', () => {
  it.each([
    ['CRLF throughout', 'Subject: a\r\n\r\nbody\r\n', true],
    ['a bare LF in the body', 'Subject: a\r\n\r\nbody\nmore\r\n', false],
    ['a bare LF first', '\nSubject: a\r\n\r\nbody\r\n', false],
    ['a lone CR (not an LF)', 'Subject: a\r\n\r\nbo\rdy\r\n', true],
  ])('%s: crlf %s', (_what, text, crlf) => {
    expect(factsOf(Buffer.from(text)).crlf).toBe(crlf);
  });
});
