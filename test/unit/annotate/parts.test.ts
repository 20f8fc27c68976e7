/** The small pieces the annotator is built from: citations, the response reader, SASL challenges, IMAP lines. */
import { describe, expect, it } from 'vitest';
import { parseImapServerLine } from '../../../src/annotate/imap-line.js';
import { readValues } from '../../../src/annotate/imap-reader.js';
import { cite, note } from '../../../src/annotate/note.js';
import { decodeChallenge, describeChallenge } from '../../../src/annotate/sasl-challenge.js';

describe('cite', () => {
  it.each([
    [['RFC 3501 §6.3.1', 'RFC 3501 §7.1.1'], 'RFC 3501 §6.3.1, §7.1.1'],
    [['RFC 3501 §7.1; RFC 9051 §7.1; RFC 3501 §2.3.1.1'], 'RFC 3501 §7.1, §2.3.1.1; RFC 9051 §7.1'],
    [['RFC 2449 §8.1.2', 'RFC 2449 §8', 'RFC 2449 §8'], 'RFC 2449 §8.1.2, §8'],
    [['RFC 4954 §4', undefined, '', 'draft-murchison-sasl-login'], 'RFC 4954 §4; draft-murchison-sasl-login'],
    [['RFC 3348', 'RFC 3348'], 'RFC 3348'],
    [['RFC 5321 Appendix F'], 'RFC 5321 Appendix F'],
  ])('%j → %s', (input, expected) => {
    expect(cite(...input)).toBe(expected);
  });

  it('is applied by note()', () => {
    expect(note('text', 'RFC 1 §1; RFC 1 §2')).toBe('text (RFC 1 §1, §2)');
  });
});

describe('readValues', () => {
  it.each([
    ['UID 5', [{ type: 'atom', value: 'UID' }, { type: 'number', value: 5 }]],
    ['NIL nil "NIL"', [{ type: 'nil' }, { type: 'nil' }, { type: 'string', value: 'NIL' }]],
    ['"a \\"b\\" \\\\c"', [{ type: 'string', value: 'a "b" \\c' }]],
    ['BODY[HEADER.FIELDS (SUBJECT FROM)]<0> {12}', [{ type: 'atom', value: 'BODY[HEADER.FIELDS (SUBJECT FROM)]<0>' }, { type: 'literal', size: 12 }]],
    ['(\\Seen \\*) ()', [{ type: 'list', open: false, items: [{ type: 'atom', value: '\\Seen' }, { type: 'atom', value: '\\*' }] }, { type: 'list', open: false, items: [] }]],
    ['(a (b', [{ type: 'list', open: true, items: [{ type: 'atom', value: 'a' }, { type: 'list', open: true, items: [{ type: 'atom', value: 'b' }] }] }]],
    ['x {5+} y', [{ type: 'atom', value: 'x' }, { type: 'literal', size: 5 }]],
    ['99999999999999999999', [{ type: 'atom', value: '99999999999999999999' }]],
    [') stray', [{ type: 'atom', value: 'stray' }]],
  ])('%j', (text, expected) => {
    expect(readValues(text)).toEqual(expected);
  });
});

describe('SASL challenges', () => {
  it.each([
    ['', { kind: 'empty' }],
    ['=', { kind: 'empty' }],
    ['VXNlcm5hbWU6', { kind: 'text', text: 'Username:' }],
    ['AAEC', { kind: 'binary', octets: 3 }],
    ['not base64!', { kind: 'not-base64', raw: 'not base64!' }],
    ['VXNlcm5hbWU', { kind: 'not-base64', raw: 'VXNlcm5hbWU' }],
  ])('decodes %j', (raw, expected) => {
    expect(decodeChallenge(raw)).toEqual(expected);
  });

  it.each([
    ['VXNlciBOYW1lAA==', undefined, /binary/],
    [Buffer.from('User Name').toString('base64'), 'LOGIN', /asks for your user name/],
    [Buffer.from('Password').toString('base64'), 'LOGIN', /asks for your password/],
    [Buffer.from('<1.2@h>').toString('base64'), undefined, /^CRAM-MD5 challenge "<1\.2@h>"/],
    [Buffer.from('r=abc,s=salt,i=4096').toString('base64'), 'SCRAM-SHA-256', /decodes to "r=abc,s=salt,i=4096"/],
    ['', 'XOAUTH2', /empty challenge/],
  ])('describes %j (%s)', (raw, mechanism, expected) => {
    expect(describeChallenge(raw, mechanism)).toMatch(expected);
  });
});

describe('parseImapServerLine', () => {
  it.each([
    ['+ idling', { kind: 'continuation', text: 'idling' }],
    ['+', { kind: 'continuation', text: '' }],
    ['A1 OK [READ-WRITE] SELECT completed', { kind: 'status', tag: 'A1', status: 'OK', code: { name: 'READ-WRITE', args: '' }, text: 'SELECT completed' }],
    ['a2 no [copyuid 3 1 2] x', { kind: 'status', tag: 'a2', status: 'NO', code: { name: 'COPYUID', args: '3 1 2' }, text: 'x' }],
    ['* BYE', { kind: 'status', tag: '*', status: 'BYE', text: '' }],
    ['* 3 EXISTS', { kind: 'data', name: 'EXISTS', number: 3, rest: '' }],
    ['* SEARCH 2 5', { kind: 'data', name: 'SEARCH', rest: '2 5' }],
    ['(A1 OK x', { kind: 'other' }],
    ['hello', { kind: 'other' }],
  ])('%j', (line, expected) => {
    expect(parseImapServerLine(line)).toEqual(expected);
  });
});
