import { describe, expect, it } from 'vitest';
import { isPlain7bit, serializeBody, serializeBodyStructure } from '../../../src/mime/bodystructure.js';
import { parseMimeTree } from '../../../src/mime/parse-tree.js';
import { bytes } from './corpus-files.js';

function bodystructureOf(raw: string): string {
  return serializeBodyStructure(parseMimeTree(bytes(raw)));
}

// [case, raw message, BODYSTRUCTURE as Dovecot 2.3.19 sent it]
const SINGLE_PARTS: [string, string, string][] = [
  ['ct0', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct1', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: TEXT/PLAIN\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct2', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "" ("charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct3', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/\r\n\r\nbody line 1\r\nbody line 2\r\n', '("" "" NIL NIL NIL "7bit" 26 NIL NIL NIL NIL)'],
  ['ct7', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain;\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct10', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=""\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("charset" "") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct12', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; =x\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("" "x" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct13', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; a=b c=d\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("a" "b" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct16', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; a="b\\"c"\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("a" "b\\"c" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct17', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; name==?utf-8?b?Zm9v?=\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("name" "=?utf-8?b?Zm9v?=" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct18', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; name*=utf-8\'\'%41\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("name*" "utf-8\'\'%41" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct19', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; name*0=a; name*1=b\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("name" "ab" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct20', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; name*0*=utf-8\'\'a; name*1=%b\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("name*" "utf-8\'\'a%25b" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct21', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; name*1=a; name*2=b\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("name*1" "a" "name*2" "b" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct22', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; Name*0=a; name*1=b\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("Name" "ab" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct24', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: application/x-foo; A=1; b=2\r\n\r\nbody line 1\r\nbody line 2\r\n', '("application" "x-foo" ("A" "1" "b" "2") NIL NIL "7bit" 26 NIL NIL NIL NIL)'],
  ['ct25', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: image/png; charset=x\r\n\r\nbody line 1\r\nbody line 2\r\n', '("image" "png" ("charset" "x") NIL NIL "7bit" 26 NIL NIL NIL NIL)'],
  ['ct27', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nbody line 1\r\nbody line 2\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" NIL NIL NIL NIL)'],
  ['ct29', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; a="\xe9"\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("a" {1}\r\n\xe9 "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct30', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; a="1\\\\2\\\\3\\\\4\\\\5"\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("a" "1\\\\2\\\\3\\\\4\\\\5" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct32', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii (Plain text)\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct33', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; a=b;\r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("a" "b" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct36', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type:   text  /  plain  ;  a  =  b  \r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "plain" ("a" "b" "charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ct39', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain/x\r\n\r\nbody line 1\r\nbody line 2\r\n', '("" "" NIL NIL NIL "7bit" 26 NIL NIL NIL NIL)'],
  ['ct41', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/;\r\n\r\nbody line 1\r\nbody line 2\r\n', '("" "" NIL NIL NIL "7bit" 26 NIL NIL NIL NIL)'],
  ['ct44', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text \r\n\r\nbody line 1\r\nbody line 2\r\n', '("text" "" ("charset" "us-ascii") NIL NIL "7bit" 26 2 NIL NIL NIL NIL)'],
  ['ext0', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Disposition: attachment\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL ("attachment" NIL) NIL NIL)'],
  ['ext1', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL ("attachment" ("filename" "a.txt")) NIL NIL)'],
  ['ext3', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Disposition: ;filename=x\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL ("" ("filename" "x")) NIL NIL)'],
  ['ext4', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Disposition: inline\r\nContent-Disposition: attachment; filename=y\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL ("attachment" ("filename" "y")) NIL NIL)'],
  ['ext5', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Disposition: inline; a=b\r\nContent-Disposition: attachment; filename=y\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL ("inline" ("a" "b")) NIL NIL)'],
  ['ext6', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename*0*=utf-8\'\'%e2%82%ac; filename*1*=%20rates.txt\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL ("attachment" ("filename*" "utf-8\'\'%e2%82%ac%20rates.txt")) NIL NIL)'],
  ['ext8', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Language: en, de-CH ,fr\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL ("en" "de-CH" "fr") NIL)'],
  ['ext10', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Language: (c) en\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL ("en") NIL)'],
  ['ext11', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Language: en de\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL ("en") NIL)'],
  ['ext13', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Location: http://x/y z\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL "http://x/y z")'],
  ['ext14', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Location:\r\n http://folded/\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL " http://folded/")'],
  ['ext17', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-ID: "q\\""\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") "\\"q\\\\\\"\\"" NIL "7bit" 6 1 NIL NIL NIL NIL)'],
  ['ext19', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Description: \xe9t\xe9\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL {3}\r\n\xe9t\xe9 "7bit" 6 1 NIL NIL NIL NIL)'],
  ['ext20', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Description: a\tb\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL "a\tb" "7bit" 6 1 NIL NIL NIL NIL)'],
  ['ext21', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-ID: <1>\r\nContent-ID: <2>\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") "<1>" NIL "7bit" 6 1 NIL NIL NIL NIL)'],
  ['cte0', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nYm9keQ==\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "base64" 10 1 NIL NIL NIL NIL)'],
  ['cte2', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding:  7bit \r\n\r\nYm9keQ==\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)'],
  ['cte3', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit; x\r\n\r\nYm9keQ==\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)'],
  ['cte6', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: (c) base64\r\n\r\nYm9keQ==\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "base64" 10 1 NIL NIL NIL NIL)'],
  ['cte7', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64 (comment)\r\n\r\nYm9keQ==\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "base64" 10 1 NIL NIL NIL NIL)'],
  ['cte8', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: qu"oted\r\n\r\nYm9keQ==\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)'],
  ['plain7-enc', 'Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: TEXT/plain\r\nContent-Transfer-Encoding: 7BIT\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL NIL)'],
  ['plain7-nomime', 'Subject: x\r\nContent-Type: TEXT/plain\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL NIL)'],
  ['plain-8bit', 'Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: TEXT/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nbody\r\n', '("TEXT" "plain" ("charset" "us-ascii") NIL NIL "8bit" 6 1 NIL NIL NIL NIL)'],
  ['nomv-ct', 'Subject: x\r\nContent-Type: text/html\r\n\r\n<p>\r\n', '("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 5 1 NIL NIL NIL NIL)'],
  ['nomv-cte', 'Subject: x\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <x>\r\n\r\nAAAA\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL NIL)'],
  ['mv-only', 'Subject: x\r\nMIME-Version: 1.0\r\nContent-ID: <x>\r\n\r\nbody\r\n', '("text" "plain" ("charset" "us-ascii") "<x>" NIL "7bit" 6 1 NIL NIL NIL NIL)'],
];

// [case, raw message, BODYSTRUCTURE as Dovecot 2.3.19 sent it]
const STRUCTURES: [string, string, string][] = [
  ['mp0', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\npart\r\n--b--\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 4 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp1', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n--b\r\n--b--\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp5', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n--b--\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp8', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--bc\r\n\r\nx\r\n--b--\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp9', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b \r\n\r\nx\r\n--b-- \r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp10', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\nx\r\n--b--x\r\n\r\ny\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp11', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\nx\r\n--b\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp12', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\nx', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp14', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\nx\r\n--b-', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp16', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\ninner\r\n--b--\r\n--b--\r\n', '((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp17', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: multipart/mixed; boundary=bb\r\n\r\n--bb\r\n\r\ninner\r\n--b\r\n\r\nouter2\r\n--b--\r\n', '((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL) "mixed" ("boundary" "bb") NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp18', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n\r\ninner\r\n--a--\r\nepi-inner\r\n--b--\r\n', '((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL) "mixed" ("boundary" "a") NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp19', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b--\r\n', '(("message" "rfc822" NIL NIL NIL "7bit" 28 (NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 0 NIL NIL NIL NIL) 2 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp21', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n--b--\r\n', '(("message" "rfc822" NIL NIL NIL "7bit" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp22', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n--b--\r\n', '(("message" "rfc822" NIL NIL NIL "7bit" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['mp23', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n--b--\r\n', '(("message" "rfc822" NIL NIL NIL "7bit" 16 (NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) 1 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['cut0', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n--b--\r\n', '(("message" "rfc822" NIL NIL NIL "7bit" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['cut1', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: multipart/mixed; boundary=c\r\n--b--\r\n', '((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" ("boundary" "c") NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['cut3', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: message/rfc822\r\nX: y\r\n--b\r\n\r\nx\r\n--b--\r\n', '(("message" "rfc822" NIL NIL NIL "7bit" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) 0 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL)'],
  ['bp1', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary*0=a; boundary*1=b\r\n\r\n--ab\r\n\r\none\r\n--ab\r\nContent-Type: text/plain\r\n\r\ntwo\r\n--ab--\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 0 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 0 NIL NIL NIL NIL) "mixed" ("boundary" "ab") NIL NIL NIL)'],
  ['bp4', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\r\n\r\n--xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n\r\none\r\n--xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\nContent-Type: text/plain\r\n\r\ntwo\r\n--xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx--\r\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 0 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 0 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" ("boundary" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") NIL NIL NIL)'],
  ['bp5', 'From: a@b.c\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/digest; boundary=ab\r\n\r\n--ab\r\n\r\none\r\n--ab\r\nContent-Type: text/plain\r\n\r\ntwo\r\n--ab--\r\n', '(("message" "rfc822" NIL NIL NIL "7bit" 5 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) 1 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 0 NIL NIL NIL NIL) "digest" ("boundary" "ab") NIL NIL NIL)'],
  ['bare-lf', 'Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n\nhello\n\n--z\n\nworld\n--z--\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 7 1 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL) "mixed" ("boundary" "z") NIL NIL NIL)'],
  ['mixed-eol', 'Subject: x\r\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\r\n\n--z\r\nContent-Type: text/plain\n\r\nhello\n\r\n--z\n\nworld\r\n--z--\n', '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 7 1 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL) "mixed" ("boundary" "z") NIL NIL NIL)'],
  ['struct-no-blank', 'Subject: x', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL)'],
  ['struct-no-body', 'Subject: x\r\n\r\n', '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL)'],
];

describe('BODYSTRUCTURE', () => {
  it.each(SINGLE_PARTS)('%s: Content-* fields', (_name, raw, expected) => {
    expect(bodystructureOf(raw)).toBe(expected);
  });

  it.each(STRUCTURES)('%s: multipart structure and sizes', (_name, raw, expected) => {
    expect(bodystructureOf(raw)).toBe(expected);
  });

  it('BODY is BODYSTRUCTURE without the extension data', () => {
    const raw = bytes(
      'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\nContent-Language: en\r\n\r\n<p>\r\n--b--\r\n',
    );
    const tree = parseMimeTree(raw);
    expect(serializeBodyStructure(tree)).toBe(
      '(("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 3 0 NIL NIL ("en") NIL) "mixed" ("boundary" "b") NIL NIL NIL)',
    );
    expect(serializeBody(tree)).toBe('(("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 3 0) "mixed")');
  });

  it.each([
    ['Content-Type: text/plain\r\n', true],
    ['Content-Type: TEXT/PLAIN; charset=US-ASCII\r\nContent-Transfer-Encoding: 7BIT\r\n', true],
    ['Content-Type: text/plain; charset=utf-8\r\n', false],
    ['Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n', false],
    ['Content-Type: text/plain\r\nContent-ID: <x>\r\n', false],
    ['Content-Type: text/html\r\n', false],
  ])('isPlain7bit(%j) is %s', (fields, expected) => {
    expect(isPlain7bit(parseMimeTree(bytes(`MIME-Version: 1.0\r\n${fields}\r\nx\r\n`)))).toBe(expected);
  });
});
