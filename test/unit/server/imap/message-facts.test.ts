/**
 * The facts cache (src/server/imap/message-facts.ts): what it keeps, how it is bounded, and that
 * its facts are the ones computed from the raw message.
 */
import { describe, expect, it } from 'vitest';
import {
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
  it('names a message by user, mailbox, UIDVALIDITY and UID', () => {
    const keys = new Set([
      MessageFactsCache.key('alice', 'INBOX', 1, 1),
      MessageFactsCache.key('alice', 'INBOX', 1, 2),
      MessageFactsCache.key('alice', 'INBOX', 2, 1),
      MessageFactsCache.key('alice', 'Sent', 1, 1),
      MessageFactsCache.key('bob', 'INBOX', 1, 1),
    ]);
    expect(keys.size).toBe(5);
  });

  it('returns what was kept', () => {
    const cache = new MessageFactsCache();
    const f = factsOf(raw('one'));
    cache.set('k', f);
    expect(cache.get('k')).toBe(f);
    expect(cache.get('other')).toBeUndefined();
  });

  it('stays under its byte limit, letting the least recently used go first', () => {
    const one = factsOf(raw('one', 1000));
    const probe = new MessageFactsCache();
    probe.set('x', one);
    // Room for three entries of this size, not four.
    const cache = new MessageFactsCache(3 * probe.bytes + 100);
    cache.set('a', one);
    cache.set('b', factsOf(raw('two', 1000)));
    cache.set('c', factsOf(raw('three', 1000)));
    expect(cache.get('a')).toBe(one); // a is now the most recently used
    cache.set('d', factsOf(raw('four', 1000)));
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.get('a')).toBe(one);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('d')).toBeDefined();
  });

  it('does not keep a message whose facts are bigger than one entry may be', () => {
    const cache = new MessageFactsCache();
    cache.set('huge', factsOf(raw('huge', MESSAGE_FACTS_MAX_ENTRY_BYTES)));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('counts a replaced entry once', () => {
    const cache = new MessageFactsCache();
    cache.set('k', factsOf(raw('one')));
    const before = cache.bytes;
    cache.set('k', factsOf(raw('one')));
    expect(cache.bytes).toBe(before);
    expect(cache.size).toBe(1);
  });

  it('is bounded by default', () => {
    expect(new MessageFactsCache().maxBytes).toBe(MESSAGE_FACTS_CACHE_BYTES);
    expect(MESSAGE_FACTS_CACHE_BYTES).toBeLessThanOrEqual(128 * 1024 * 1024);
  });
});
