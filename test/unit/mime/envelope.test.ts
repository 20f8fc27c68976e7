import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../../src/mime/address.js';
import { buildEnvelope, serializeEnvelope } from '../../../src/mime/envelope.js';
import { parseMimeTree } from '../../../src/mime/parse-tree.js';
import { bytes } from './corpus-files.js';

function envelopeOf(raw: string): string {
  return serializeEnvelope(buildEnvelope(parseMimeTree(bytes(raw)).fields));
}

// [case, raw message, ENVELOPE as Dovecot 2.3.19 sent it]
const STRING_FIELDS: [string, string, string][] = [
  ['env0', 'From: a@b.c\r\nSubject: plain\r\n\r\nbody\r\n', '(NIL "plain" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env1', 'From: a@b.c\r\nSubject:  leading\r\n\r\nbody\r\n', '(NIL "leading" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env3', 'From: a@b.c\r\nSubject: a\tb\r\n\r\nbody\r\n', '(NIL {3}\r\na b ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env4', 'From: a@b.c\r\nSubject: \r\n\r\nbody\r\n', '(NIL "" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env5', 'From: a@b.c\r\nSubject:\r\n\r\nbody\r\n', '(NIL "" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env7', 'From: a@b.c\r\nSubject: "q"\r\n\r\nbody\r\n', '(NIL {3}\r\n"q" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env8', 'From: a@b.c\r\nSubject: back\\slash\r\n\r\nbody\r\n', '(NIL {10}\r\nback\\slash ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env9', 'From: a@b.c\r\nSubject: caf\xe9\r\n\r\nbody\r\n', '(NIL {4}\r\ncaf\xe9 ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env10', 'From: a@b.c\r\nSubject: a\r\n b\r\n\r\nbody\r\n', '(NIL {3}\r\na b ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env12', 'From: a@b.c\r\nSubject:\r\n folded\r\n\r\nbody\r\n', '(NIL {6}\r\nfolded ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env15', 'From: a@b.c\r\nDate: "quoted"\r\n\r\nbody\r\n', '("\\"quoted\\"" NIL ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env18', 'From: a@b.c\r\nMessage-ID: "1\\\\2\\\\3\\\\4\\\\5\\\\6"\r\n\r\nbody\r\n', '(NIL NIL ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL {18}\r\n"1\\\\2\\\\3\\\\4\\\\5\\\\6")'],
  ['env19', 'From: a@b.c\r\nIn-Reply-To: <a@b>\r\n\t<c@d>\r\n\r\nbody\r\n', '(NIL NIL ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL "<a@b>\t<c@d>" NIL)'],
  ['env21', 'From: a@b.c\r\nSubject: one\r\nSubject: two\r\n\r\nbody\r\n', '(NIL "two" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['env22', 'From: a@b.c\r\nDate: x\r\nDate: y\r\n\r\nbody\r\n', '("y" NIL ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL NIL)'],
  ['fold-space-only', 'Subject: a\r\n \r\n b\r\nDate: a\r\n \r\n b\r\n\r\nbody\r\n', '("a  b" {3}\r\na b NIL NIL NIL NIL NIL NIL NIL NIL)'],
];

// From and To carry the same address; the expected text is Dovecot's ENVELOPE.
const ADDRESSES: [string, string, string][] = [
  ['addr1', 'From: <a@b.c>\r\nTo: <a@b.c>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL)'],
  ['addr4', 'From: A B C <a@b.c>\r\nTo: A B C <a@b.c>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A B C" NIL "a" "b.c")) (("A B C" NIL "a" "b.c")) (("A B C" NIL "a" "b.c")) (("A B C" NIL "a" "b.c")) NIL NIL NIL NIL)'],
  ['addr5', 'From: a\r\nTo: a\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) NIL NIL NIL NIL)'],
  ['addr6', 'From: "a"\r\nTo: "a"\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("a" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (("a" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (("a" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (("a" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL NIL NIL NIL)'],
  ['addr7', 'From: a@\r\nTo: a@\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) NIL NIL NIL NIL)'],
  ['addr9', 'From: <>\r\nTo: <>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) ((NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) ((NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) ((NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL NIL NIL NIL)'],
  ['addr10', 'From: A <>\r\nTo: A <>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (("A" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (("A" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (("A" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL NIL NIL NIL)'],
  ['addr11', 'From: A <a>\r\nTo: A <a>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A" NIL "a" "MISSING_DOMAIN")) (("A" NIL "a" "MISSING_DOMAIN")) (("A" NIL "a" "MISSING_DOMAIN")) (("A" NIL "a" "MISSING_DOMAIN")) NIL NIL NIL NIL)'],
  ['addr12', 'From: A <@r1,@r2:a@b>\r\nTo: A <@r1,@r2:a@b>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A" "@r1,@r2" "a" "b")) (("A" "@r1,@r2" "a" "b")) (("A" "@r1,@r2" "a" "b")) (("A" "@r1,@r2" "a" "b")) NIL NIL NIL NIL)'],
  ['addr13', 'From: A <@r1 @r2:a@b>\r\nTo: A <@r1 @r2:a@b>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A" "@r1,@r2" "a" "b")) (("A" "@r1,@r2" "a" "b")) (("A" "@r1,@r2" "a" "b")) (("A" "@r1,@r2" "a" "b")) NIL NIL NIL NIL)'],
  ['addr14', 'From: A <@r1:>\r\nTo: A <@r1:>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A" "@r1" "MISSING_MAILBOX" "MISSING_DOMAIN")) (("A" "@r1" "MISSING_MAILBOX" "MISSING_DOMAIN")) (("A" "@r1" "MISSING_MAILBOX" "MISSING_DOMAIN")) (("A" "@r1" "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL NIL NIL NIL)'],
  ['addr16', 'From: A <a@b\r\nTo: A <a@b\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A" NIL "a" "SYNTAX_ERROR")) (("A" NIL "a" "SYNTAX_ERROR")) (("A" NIL "a" "SYNTAX_ERROR")) (("A" NIL "a" "SYNTAX_ERROR")) NIL NIL NIL NIL)'],
  ['addr17', 'From: a@b (Comment)\r\nTo: a@b (Comment)\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("Comment" NIL "a" "b")) (("Comment" NIL "a" "b")) (("Comment" NIL "a" "b")) (("Comment" NIL "a" "b")) NIL NIL NIL NIL)'],
  ['addr19', 'From: (c) a@b\r\nTo: (c) a@b\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) NIL NIL NIL NIL)'],
  ['addr22', 'From: a@b.c,, d@e.f\r\nTo: a@b.c,, d@e.f\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "b.c")(NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")(NIL NIL "d" "e.f")) ((NIL NIL "a" "b.c")(NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")(NIL NIL "d" "e.f")) ((NIL NIL "a" "b.c")(NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")(NIL NIL "d" "e.f")) ((NIL NIL "a" "b.c")(NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")(NIL NIL "d" "e.f")) NIL NIL NIL NIL)'],
  ['addr24', 'From: g: a@b.c;\r\nTo: g: a@b.c;\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL NIL NIL)) NIL NIL NIL NIL)'],
  ['addr25', 'From: g: a@b.c, d@e.f\r\nTo: g: a@b.c, d@e.f\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL "d" "e.f")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL "d" "e.f")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL "d" "e.f")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL "d" "e.f")(NIL NIL NIL NIL)) NIL NIL NIL NIL)'],
  ['addr26', 'From: g: a@b.c\r\nTo: g: a@b.c\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL "a" "b.c")(NIL NIL NIL NIL)) NIL NIL NIL NIL)'],
  ['addr27', 'From: g:\r\nTo: g:\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) ((NIL NIL "g" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL)'],
  ['addr35', 'From: a@b..c\r\nTo: a@b..c\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) ((NIL NIL "a" "MISSING_DOMAIN")) NIL NIL NIL NIL)'],
  ['addr37', 'From: a@ b . c\r\nTo: a@ b . c\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) ((NIL NIL "a" "b.c")) NIL NIL NIL NIL)'],
  ['addr43', 'From: A \xe9 <a@b>\r\nTo: A \xe9 <a@b>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (({3}\r\nA \xe9 NIL "a" "b")) (({3}\r\nA \xe9 NIL "a" "b")) (({3}\r\nA \xe9 NIL "a" "b")) (({3}\r\nA \xe9 NIL "a" "b")) NIL NIL NIL NIL)'],
  ['addr46', 'From: undisclosed-recipients:;\r\nTo: undisclosed-recipients:;\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL)'],
  ['addr53', 'From: a@b (A  B)\r\nTo: a@b (A  B)\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (({3}\r\nA B NIL "a" "b")) (({3}\r\nA B NIL "a" "b")) (({3}\r\nA B NIL "a" "b")) (({3}\r\nA B NIL "a" "b")) NIL NIL NIL NIL)'],
  ['addr55', 'From: a@b (A \\) B)\r\nTo: a@b (A \\) B)\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A ) B" NIL "a" "b")) (("A ) B" NIL "a" "b")) (("A ) B" NIL "a" "b")) (("A ) B" NIL "a" "b")) NIL NIL NIL NIL)'],
  ['addr57', 'From: A <a@b> x\r\nTo: A <a@b> x\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("A" NIL "a" "b")) (("A" NIL "a" "b")) (("A" NIL "a" "b")) (("A" NIL "a" "b")) NIL NIL NIL NIL)'],
  ['addr62', 'From: "" <a@b>\r\nTo: "" <a@b>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) NIL NIL NIL NIL)'],
  ['addr63', 'From: ""@b\r\nTo: ""@b\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "" "b")) ((NIL NIL "" "b")) ((NIL NIL "" "b")) ((NIL NIL "" "b")) NIL NIL NIL NIL)'],
  ['addr69', 'From: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>\r\nTo: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" (("Mary Smith" NIL "mary" "x.test")(NIL NIL "jdoe" "example.org")("Who?" NIL "one" "y.test")) (("Mary Smith" NIL "mary" "x.test")(NIL NIL "jdoe" "example.org")("Who?" NIL "one" "y.test")) (("Mary Smith" NIL "mary" "x.test")(NIL NIL "jdoe" "example.org")("Who?" NIL "one" "y.test")) (("Mary Smith" NIL "mary" "x.test")(NIL NIL "jdoe" "example.org")("Who?" NIL "one" "y.test")) NIL NIL NIL NIL)'],
  ['addr71', 'From: a@\r\n b\r\nTo: a@\r\n b\r\nSubject: addr\r\n\r\nbody\r\n', '(NIL "addr" ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) NIL NIL NIL NIL)'],
];

// Found by comparing random address fields with Dovecot: folding inside
// comments and quoted strings.
const FOLDING: [string, string, string][] = [
  ['unterminated comment ends at the fold', 'From: @Name(@r:\r\n \t@r::\r\nCc: @Name(@r:\r\n \t@r::, (\t@x@y\r\nSubject: (\t@x@y\r\nDate: (\t@x@y\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; (\t@x@y=x; n="@Name(@r:  \t@r::"\r\nContent-Disposition: (\t@x@y\r\nContent-Language: (\t@x@y\r\n\r\nbody\r\n', '("(\t@x@y" {6}\r\n( @x@y (("@r:" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (("@r:" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (("@r:" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL (("@r:" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL NIL NIL)'],
  ['fold of one blank adds no line end', 'From: b.c"@<.[1.2]\r\n \r\nCc: b.c"@<.[1.2]\r\n , .ab.c;b.c\r\nSubject: .ab.c;b.c\r\nDate: .ab.c;b.c\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; .ab.c;b.c=x; n="b.c"@<.[1.2]  "\r\nContent-Disposition: .ab.c;b.c\r\nContent-Language: .ab.c;b.c\r\n\r\nbody\r\n', '(".ab.c;b.c" ".ab.c;b.c" ((NIL NIL "b.c" "MISSING_DOMAIN")) ((NIL NIL "b.c" "MISSING_DOMAIN")) ((NIL NIL "b.c" "MISSING_DOMAIN")) NIL (("b.c @<.[1.2]" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL NIL NIL)'],
  ['comment name cut at a fold', 'From: x@y(a\r\n b.c\r\nCc: x@y(a\r\n b.c, \r\nSubject: \r\nDate: \r\nMIME-Version: 1.0\r\nContent-Type: text/plain; =x; n="x@y(a  b.c"\r\nContent-Disposition: \r\nContent-Language: \r\n\r\nbody\r\n', '("" "" (("a" NIL "x" "MISSING_DOMAIN")) (("a" NIL "x" "MISSING_DOMAIN")) (("a" NIL "x" "MISSING_DOMAIN")) NIL (("a" NIL "x" "MISSING_DOMAIN")) NIL NIL NIL)'],
  ['comment after folded blanks', 'From: \xe9  \r\n (;\r\n =?u?q?x?=Name\r\nCc: \xe9  \r\n (;\r\n =?u?q?x?=Name, ( :[1.2]\r\nSubject: ( :[1.2]\r\nDate: ( :[1.2]\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; ( :[1.2]=x; n="\xe9    (;  =?u?q?x?=Name"\r\nContent-Disposition: ( :[1.2]\r\nContent-Language: ( :[1.2]\r\n\r\nbody\r\n', '("( :[1.2]" "( :[1.2]" ((";" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) ((";" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) ((";" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL ((";" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL NIL NIL)'],
  ['backslash before a line end is kept', 'From: \xe9(>\\.[1.2][1.2]\xe9\\\r\n \r\nCc: \xe9(>\\.[1.2][1.2]\xe9\\\r\n , \r\nSubject: \r\nDate: \r\nMIME-Version: 1.0\r\nContent-Type: text/plain; =x; n="\xe9(>\\.[1.2][1.2]\xe9\\  "\r\nContent-Disposition: \r\nContent-Language: \r\n\r\nbody\r\n', '("" "" (({13}\r\n>.[1.2][1.2]\xe9 NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (({13}\r\n>.[1.2][1.2]\xe9 NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) (({13}\r\n>.[1.2][1.2]\xe9 NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL (({14}\r\n>.[1.2][1.2]\xe9\\ NIL "MISSING_MAILBOX" "MISSING_DOMAIN")) NIL NIL NIL)'],
];

describe('ENVELOPE', () => {
  it.each(STRING_FIELDS)('%s: date, subject, message ids', (_name, raw, expected) => {
    expect(envelopeOf(raw)).toBe(expected);
  });

  it.each(ADDRESSES)('%s: address forms', (_name, raw, expected) => {
    expect(envelopeOf(raw)).toBe(expected);
  });

  it.each(FOLDING)('%s', (_name, raw, expected) => {
    expect(envelopeOf(raw)).toBe(expected);
  });

  it('gives ten NILs for a message without header fields', () => {
    expect(envelopeOf('\r\nbody\r\n')).toBe('(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)');
  });

  it('defaults Sender and Reply-To to From, but not To', () => {
    const env = buildEnvelope(parseMimeTree(bytes('From: a@b.c\r\n\r\n')).fields);
    expect(env.sender).toEqual(env.from);
    expect(env.replyTo).toEqual(env.from);
    expect(env.to).toBeNull();
  });

  it('keeps encoded-words undecoded', () => {
    const env = buildEnvelope(parseMimeTree(bytes('Subject: =?UTF-8?B?w6k=?=\r\n\r\n')).fields);
    expect(env.subject).toBe('=?UTF-8?B?w6k=?=');
  });
});

describe('parseAddressList', () => {
  it('returns groups as a start entry and an end entry (RFC 3501 §7.4.2)', () => {
    expect(parseAddressList('A Group: Ed <c@a.test>, joe@where.test;, x@y')).toEqual([
      { name: null, route: null, mailbox: 'A Group', domain: null },
      { name: 'Ed', route: null, mailbox: 'c', domain: 'a.test' },
      { name: null, route: null, mailbox: 'joe', domain: 'where.test' },
      { name: null, route: null, mailbox: null, domain: null },
      { name: null, route: null, mailbox: 'x', domain: 'y' },
    ]);
  });

  it('keeps a source route without its final colon', () => {
    expect(parseAddressList('<@r1,@r2:u@h>')).toEqual([{ name: null, route: '@r1,@r2', mailbox: 'u', domain: 'h' }]);
  });

  it('returns nothing for an empty value', () => {
    expect(parseAddressList('   ')).toEqual([]);
  });
});
