/**
 * SEARCH evaluation (RFC 3501 §6.4.4, §6.4.8). The big table runs against the corpus mailbox of
 * messages.ts; its expected results are what Dovecot 2.3.19 answered for the same mailbox.
 * The cases where we answer differently on purpose come after it, each with the reason.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/protocols/imap/parser.js';
import type { SearchKey } from '../../../../src/protocols/imap/search-keys.js';
import { BadCharsetError, evaluateSearch, SEARCH_CHARSETS } from '../../../../src/server/imap/search/search-eval.js';
import type { MessageView } from '../../../../src/server/imap/message-view.js';
import { searchMailbox, viewOf } from './messages.js';

/** Parses `criteria` as the server would (`a SEARCH <criteria>`) and runs it. */
async function search(criteria: string, messages: readonly MessageView[] = searchMailbox()): Promise<number[]> {
  const cmd = parseCommand(`a SEARCH ${criteria}`);
  if (cmd.name !== 'SEARCH') throw new Error('not a SEARCH');
  const found = await evaluateSearch({ key: 'AND', keys: cmd.args.keys }, { messages, now: new Date() }, cmd.args.charset);
  return found.map((m) => m.seq);
}

describe('evaluateSearch against the corpus mailbox (results as Dovecot gives them)', () => {
  // prettier-ignore
  it.each([
    ["ALL", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["ANSWERED", [3, 8, 13, 18, 23]],
    ["UNANSWERED", [1, 2, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24]],
    ["DELETED", [5, 10, 15, 20]],
    ["UNDELETED", [1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 24]],
    ["DRAFT", [5, 10, 15, 20]],
    ["UNDRAFT", [1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 24]],
    ["FLAGGED", [3, 8, 13, 18, 23]],
    ["UNFLAGGED", [1, 2, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24]],
    ["SEEN", [2, 7, 12, 17, 22]],
    ["UNSEEN", [1, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20, 21, 23, 24]],
    ["RECENT", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["NEW", [1, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20, 21, 23, 24]],
    ["OLD", []],
    ["KEYWORD $Work", [4, 9, 14, 19, 24]],
    ["KEYWORD $WORK", [4, 9, 14, 19, 24]],
    ["UNKEYWORD $Work", [1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18, 20, 21, 22, 23]],
    ["KEYWORD Nothing", []],
    ["LARGER 500", [4, 5, 6, 7, 8, 9, 10]],
    ["SMALLER 300", [2, 3, 11, 12, 13, 17, 21, 22, 23, 24]],
    ["LARGER 551", [4, 7, 8, 9, 10]],
    ["SMALLER 551", [1, 2, 3, 6, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["BEFORE 5-Mar-2026", [1, 2, 3, 5]],
    ["ON 5-Mar-2026", [4]],
    ["SINCE 5-Mar-2026", [4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["ON 28-Feb-2026", [1]],
    ["NOT ON 5-Mar-2026", [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["SENTBEFORE 5-Mar-2026", [1, 2, 3, 4, 12, 13, 14, 16, 17, 18, 20, 21, 22, 24]],
    ["SENTON 5-Mar-2026", [5, 23]],
    ["SENTSINCE 5-Mar-2026", [5, 6, 7, 8, 9, 10, 11, 15, 19, 23]],
    ["SENTON 12-Mar-2026", [15]],
    ["SENTON 1-Apr-2026", [19]],
    ["SENTON 28-Feb-2026", [20]],
    ["SENTON 1-Jan-1970", [2, 3, 12, 13, 14, 16, 17, 18, 21, 22, 24]],
    ["SENTSINCE 1-Jan-1971", [1, 4, 5, 6, 7, 8, 9, 10, 11, 15, 19, 20, 23]],
    ["FROM alice", [1, 6, 7]],
    ["FROM ALICE@EXAMPLE.ORG", [1, 6, 7]],
    ["FROM \"André\"", [4]],
    ["FROM \"\"", [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]],
    ["TO bob", [1, 6, 7, 9, 11]],
    ["TO \"Jürgen\"", [21]],
    ["TO \"山田\"", [4]],
    ["TO \"Doe, Jane\"", [4]],
    ["CC boss", [5]],
    ["CC \"\"", [5, 21]],
    ["BCC \"Ed Jones\"", [5]],
    ["BCC dave", [21]],
    ["SUBJECT lunch", [1]],
    ["SUBJECT \"Hello 🌍 world\"", [4]],
    ["SUBJECT \"café\"", [4]],
    ["SUBJECT \"Grüße aus Köln\"", [11, 19]],
    ["SUBJECT \"second subject\"", [15]],
    ["SUBJECT \"\"", [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["HEADER X-Custom \"\"", [19]],
    ["HEADER x-custom \"there\"", [19]],
    ["HEADER Message-ID \"@example\"", [1, 3, 4, 5, 15]],
    ["HEADER Content-Type multipart", [6, 7, 8, 9, 13, 14, 16, 18, 20]],
    ["HEADER Return-Path \"\"", [1]],
    ["HEADER In-Reply-To \"parent\"", [3]],
    ["BODY lunch", [1]],
    ["BODY \"München\"", [19]],
    ["BODY zebrafish", [19]],
    ["BODY \"crème brûlée\"", [10, 20]],
    ["BODY \"Crème brûlée, tres\"", [20]],
    ["BODY \"résumé\"", [7]],
    ["BODY \"hidden binary\"", []],
    ["BODY \"inner text\"", [9]],
    ["BODY \"<b>inner</b>\"", [9]],
    ["BODY \"text part\"", [8, 14]],
    ["BODY \"epilogue\"", []],
    ["BODY \"preamble\"", []],
    ["BODY \"Giant\"", []],
    ["TEXT \"Giant\"", [5]],
    ["TEXT zebrafish", [19]],
    ["TEXT \"Lunch tomorrow\"", [1]],
    ["TEXT \"Renée\"", [9]],
    ["BODY \"Equals sign: =\"", [10]],
    ["BODY \"a,b\"", [8]],
    ["BODY \"iVBOR\"", []],
    ["BODY \"Second message\"", [14]],
    ["BODY \"Grüße\"", [11]],
    ["BODY \"\"", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["TEXT \"\"", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["1:4", [1, 2, 3, 4]],
    ["*", [24]],
    ["2,4:*", [2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["3:1", [1, 2, 3]],
    ["OR SEEN FLAGGED", [2, 3, 7, 8, 12, 13, 17, 18, 22, 23]],
    ["OR (SEEN FLAGGED) DRAFT", [5, 10, 15, 20]],
    ["NOT (SEEN OR ANSWERED DELETED)", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["NOT NOT SEEN", [2, 7, 12, 17, 22]],
    ["(1:10 NOT 2:3) UNSEEN", [1, 4, 5, 6, 8, 9, 10]],
    ["OR FROM alice SUBJECT nested", [1, 6, 7, 8]],
    ["OR OR SEEN DRAFT NOT 1:15", [2, 5, 7, 10, 12, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["CHARSET UTF-8 SUBJECT \"café\"", [4]],
    ["CHARSET us-ascii ALL", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]],
    ["UNSEEN SUBJECT \"a\"", [4, 6, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20, 21, 23]],
    ["SMALLER 300 BODY \"x\"", [22, 23, 24]],
    ["UID 1:3", [1, 2, 3]],
    ["UID 5,7:9", [5, 7, 8, 9]],
    ["UID *", [24]],
    ["UID 100:*", [24]],
  ] as const)('SEARCH %s', async (criteria, expected) => {
    expect(await search(criteria)).toEqual(expected);
  });
});

describe('evaluateSearch where we differ from Dovecot on purpose', () => {
  it.each([
    // RFC 3501 §9: a seq-range means the numbers between its ends "regardless of order", so with
    // 24 messages 30:* is 24:30 and holds message 24. Dovecot answers nothing.
    ['30:*', [24]],
    // Raw 8-bit header bytes that are not UTF-8 are read as latin1 (Dovecot does not match them).
    ['FROM "René"', [20]],
    // The header of a message/rfc822 part is body text of the message around it.
    ['BODY "Renée"', [9]],
    ['BODY "Fwd: Original"', []],
    // Without MIME-Version and Content-Type, Content-Transfer-Encoding does not count (RFC 2045
    // §4): the body is plain text, not base64. Dovecot decodes it anyway.
    ['BODY "do not count"', [17]],
    // `Content-Type: text` without a subtype is still text.
    ['BODY "no subtype"', [18]],
    // Blanks in the search string are collapsed like those of the header value.
    ['SUBJECT "second   subject"', [15]],
  ] as const)('SEARCH %s', async (criteria, expected) => {
    expect(await search(criteria)).toEqual(expected);
  });
});

describe('string matching', () => {
  it.each([
    ['SUBJECT "HELLO"', [4]],
    ['SUBJECT "hello 🌍"', [4]],
    // encoded-words split inside a UTF-8 character, Q and B in one header
    ['SUBJECT "Grüße aus"', [11, 19]],
    // decomposed é (e + U+0301) finds the precomposed one
    ['SUBJECT "cafe\u0301"', [4]],
    ['TEXT "bot@lists"', [4]],
    ['TEXT "📮 List Bot"', [4]],
    ['BODY "list bot"', []],
    ['BODY "Secret word: ZEBRAFISH"', [19]],
    ['BODY "tres bien"', [20]],
    ['BODY "=E8"', []],
    ['BODY "hidden"', []],
    ['HEADER CONTENT-DESCRIPTION "a folded description"', [10]],
    ['HEADER X-Not-There ""', []],
    ['NOT HEADER Date ""', [2, 3, 12, 13, 14, 16, 17, 18, 21]],
  ] as const)('SEARCH %s', async (criteria, expected) => {
    expect(await search(criteria)).toEqual(expected);
  });
});

describe('flags, sizes and numbers', () => {
  const mailbox = [
    viewOf(Buffer.from('a'), { seq: 1, uid: 3, flags: ['\\Seen'], size: 100 }),
    viewOf(Buffer.from('b'), { seq: 2, uid: 10, flags: ['\\Recent'], size: 200 }),
    viewOf(Buffer.from('c'), { seq: 3, uid: 42, flags: ['\\Recent', '\\seen', 'Todo'], size: 300 }),
  ];
  it.each([
    ['RECENT', [2, 3]],
    ['NEW', [2]],
    ['OLD', [1]],
    ['SEEN', [1, 3]],
    ['KEYWORD todo', [3]],
    ['UNKEYWORD TODO', [1, 2]],
    ['LARGER 200', [3]],
    ['SMALLER 200', [1]],
    ['NOT LARGER 200 NOT SMALLER 200', [2]],
    ['UID 10', [2]],
    ['UID 4:41', [2]],
    // RFC 3501 §6.4.8: * is the highest UID, so 900:* still holds the last message
    ['UID 900:*', [3]],
    ['UID *', [3]],
    ['UID 1:2', []],
    ['UID 3,42', [1, 3]],
    ['*', [3]],
    ['2:*', [2, 3]],
    ['3:2', [2, 3]],
    ['1,3', [1, 3]],
    ['4:5', []],
    ['OR 1 UID 42', [1, 3]],
    ['(OR SEEN RECENT) NOT (UID 3)', [2, 3]],
    ['OR (SEEN NOT RECENT) (NOT SEEN)', [1, 2]],
    ['NOT (NOT (NOT 2))', [1, 3]],
    ['((1:3) (2:3) (3))', [3]],
  ] as const)('SEARCH %s', async (criteria, expected) => {
    expect(await search(criteria, mailbox)).toEqual(expected);
  });

  it('finds nothing in an empty mailbox, * included', async () => {
    expect(await search('*', [])).toEqual([]);
    expect(await search('UID 1:*', [])).toEqual([]);
  });
});

describe('dates', () => {
  // Internal dates right after and right before midnight UTC: the date that counts is the one
  // FETCH INTERNALDATE shows (+0000).
  const mailbox = [
    viewOf(Buffer.from('Date: Mon, 2 Mar 2026 23:30:00 -0800\r\n\r\n'), { seq: 1, uid: 1, internalDate: new Date('2026-03-03T00:10:00Z') }),
    viewOf(Buffer.from('Date: Tue, 3 Mar 2026 00:30:00 +0900\r\n\r\n'), { seq: 2, uid: 2, internalDate: new Date('2026-03-03T23:50:00Z') }),
    viewOf(Buffer.from('Date: 4 Mar 2026 12:00 +0000\r\n\r\n'), { seq: 3, uid: 3, internalDate: new Date('2026-03-04T00:00:00Z') }),
  ];
  it.each([
    ['BEFORE 3-Mar-2026', []],
    ['BEFORE 4-Mar-2026', [1, 2]],
    ['ON 3-Mar-2026', [1, 2]],
    ['ON 4-Mar-2026', [3]],
    ['SINCE 4-Mar-2026', [3]],
    ['SINCE 3-Mar-2026', [1, 2, 3]],
    ['SINCE "3-Mar-2026" BEFORE 4-Mar-2026', [1, 2]],
    // SENT* take the day written in the Date: header, whatever its zone
    ['SENTON 2-Mar-2026', [1]],
    ['SENTON 3-Mar-2026', [2]],
    ['SENTBEFORE 3-Mar-2026', [1]],
    ['SENTSINCE 3-Mar-2026', [2, 3]],
    ['SENTSINCE 5-Mar-2026', []],
  ] as const)('SEARCH %s', async (criteria, expected) => {
    expect(await search(criteria, mailbox)).toEqual(expected);
  });
});

describe('CHARSET', () => {
  it.each(['UTF-8', 'utf-8', 'US-ASCII', 'us-ascii'])('accepts CHARSET %s', async (charset) => {
    expect(await search(`CHARSET ${charset} SUBJECT lunch`)).toEqual([1]);
  });

  it.each(['ISO-8859-1', 'UTF-16', 'KOI8-R', 'x-unknown'])('refuses CHARSET %s with BadCharsetError', async (charset) => {
    const error = await search(`CHARSET ${charset} ALL`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadCharsetError);
    expect((error as BadCharsetError).charset).toBe(charset);
    expect((error as BadCharsetError).supported).toEqual(['US-ASCII', 'UTF-8']);
  });

  it('checks the charset before reading any message', async () => {
    const mailbox = searchMailbox();
    await expect(evaluateSearch({ key: 'BODY', value: 'x' }, { messages: mailbox, now: new Date() }, 'latin1')).rejects.toThrow(
      BadCharsetError,
    );
    expect(mailbox.map((m) => m.reads())).toEqual(mailbox.map(() => 0));
    expect(SEARCH_CHARSETS).toEqual(['US-ASCII', 'UTF-8']);
  });
});

describe('reading messages only when needed', () => {
  it.each([
    ['ALL', 0],
    ['SEEN UNDELETED KEYWORD $Work', 0],
    ['LARGER 10 SMALLER 10000 UID 1:* 1:*', 0],
    ['SINCE 1-Jan-2000 NOT BEFORE 1-Jan-2000', 0],
    ['OR SEEN FLAGGED', 0],
    // the cheap key runs first and leaves 5 seen messages to read
    ['SUBJECT lunch SEEN', 5],
    ['(BODY lunch) (SEEN)', 5],
    ['SUBJECT lunch', 24],
  ] as const)('SEARCH %s reads %i messages', async (criteria, reads) => {
    const mailbox = searchMailbox();
    await search(criteria, mailbox);
    expect(mailbox.filter((m) => m.reads() > 0)).toHaveLength(reads);
    expect(mailbox.every((m) => m.reads() <= 1)).toBe(true);
  });
});

it('takes a single key as well as the list of keys', async () => {
  const messages = searchMailbox();
  const key: SearchKey = { key: 'OR', left: { key: 'DRAFT' }, right: { key: 'SEQUENCE', set: [{ start: 1, end: 1 }] } };
  const one = await evaluateSearch(key, { messages, now: new Date() });
  const list = await evaluateSearch([key, { key: 'UNSEEN' }], { messages, now: new Date() });
  expect(one.map((m) => m.seq)).toEqual([1, 5, 10, 15, 20]);
  expect(list.map((m) => m.seq)).toEqual([1, 5, 10, 15, 20]);
  expect(one[0]).toBe(messages[0]);
});
