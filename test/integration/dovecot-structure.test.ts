/**
 * Our ENVELOPE, BODYSTRUCTURE, BODY and BODY[section] against a real Dovecot
 * (../shared/peers/dovecot.sh) for every message of the MIME corpus.
 * This suite fails, not skips, when Dovecot is not installed: CI installs it.
 */

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeBody, serializeBodyStructure } from '../../src/mime/bodystructure.js';
import { buildEnvelope, serializeEnvelope } from '../../src/mime/envelope.js';
import { parseMimeTree, walkParts } from '../../src/mime/parse-tree.js';
import { extractSection, parseSectionSpec } from '../../src/mime/sections.js';
import { withoutNul } from '../../src/server/imap/fetch/fetch-response.js';
import { ImapTestClient, parseFetchResponses, startDovecot, type DovecotPeer } from '../helpers/dovecot.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/mime');
/** The MIME corpus, then the messages `mime inspect` is tested with (broken, hostile, nested). */
const CORPUS = ['', 'inspect/'].flatMap((sub) =>
  readdirSync(join(FIXTURES, sub))
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => ({ name: `${sub}${f}`, raw: readFileSync(join(FIXTURES, sub, f)) })),
);
/** Each section of these is fetched from both servers; the hostile ones have thousands of parts. */
const SECTION_CORPUS = CORPUS.filter((c) => !c.name.includes('hostile'));

/** What the corpus must hold for the comparison to mean something (issue 3). */
const MUST_COVER: ReadonlyArray<[string, RegExp]> = [
  ['nested multiparts', /^Content-Type: multipart\/[\s\S]*^Content-Type: multipart\//im],
  ['message/rfc822', /^Content-Type: message\/rfc822/im],
  ['encoded-words', /=\?[^?]+\?[BQ]\?/i],
  ['quoted-printable', /^Content-Transfer-Encoding: quoted-printable/im],
  ['base64', /^Content-Transfer-Encoding: base64/im],
  ['8-bit', /[\x80-\xff]/],
];

/** The octets of a FETCH value that is a string (quoted or literal) or NIL. */
function stringValue(wire: string): string {
  if (wire === 'NIL') return '';
  if (wire.startsWith('{')) return wire.slice(wire.indexOf('\r\n') + 2);
  return wire.slice(1, -1).replace(/\\(["\\])/g, '$1');
}

describe('MIME structure against Dovecot', () => {
  let dir: string;
  let peer: DovecotPeer | undefined;
  let client: ImapTestClient;
  /** UID FETCH results by corpus file name. */
  const fetched = new Map<string, Map<string, string>>();
  /** The same FETCH answered by the sandbox's IMAP server. */
  const sandboxFetched = new Map<string, Map<string, string>>();
  let sandbox: TestSandbox | undefined;
  /** A session on the sandbox with the corpus selected, for BODY[section]. */
  let ours: ImapTestClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mailproto-dovecot-'));
    peer = await startDovecot(dir);
    client = await ImapTestClient.connect(peer.imapPort);
    await client.ok('LOGIN alice password');
    for (const { raw } of CORPUS) await client.ok('APPEND INBOX', raw);
    await client.ok('SELECT INBOX');
    const responses = parseFetchResponses(await client.ok('UID FETCH 1:* (ENVELOPE BODYSTRUCTURE BODY)'));
    for (const r of responses) fetched.set(CORPUS[r.seq - 1]!.name, r.items);

    sandbox = await startTestSandbox();
    ours = await ImapTestClient.connect(sandbox.ports.imap!);
    await ours.ok('LOGIN bob password');
    for (const { raw } of CORPUS) await ours.ok('APPEND INBOX', raw);
    await ours.ok('SELECT INBOX');
    for (const r of parseFetchResponses(await ours.ok('UID FETCH 1:* (ENVELOPE BODYSTRUCTURE BODY)'))) {
      sandboxFetched.set(CORPUS[r.seq - 1]!.name, r.items);
    }
  }, 120_000);

  afterAll(async () => {
    await ours?.logout();
    await client?.logout();
    await peer?.stop();
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Dovecot stored and answered for every corpus message', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(32);
    expect([...fetched.keys()].sort()).toEqual(CORPUS.map((c) => c.name).sort());
  });

  it.each(MUST_COVER)('the corpus has %s', (_what, pattern) => {
    expect(CORPUS.filter((c) => pattern.test(c.raw.toString('latin1'))).length).toBeGreaterThanOrEqual(1);
  });

  it('the corpus has messages without Date, From, Subject or any header at all', () => {
    const headers = (raw: Buffer): string => raw.toString('latin1').split(/\r?\n\r?\n/, 1)[0]!;
    for (const field of ['Date', 'From', 'Subject', 'Message-ID']) {
      expect(CORPUS.some((c) => !new RegExp(`^${field}:`, 'im').test(headers(c.raw))), field).toBe(true);
    }
    expect(CORPUS.some((c) => /^\r?\n/.test(c.raw.toString('latin1')))).toBe(true);
  });

  it.each(CORPUS)('$name: the sandbox IMAP server sends the same ENVELOPE, BODYSTRUCTURE and BODY as Dovecot', async ({ name }) => {
    const ours = sandboxFetched.get(name);
    const theirs = fetched.get(name)!;
    expect(ours, `sandbox answered for ${name}`).toBeDefined();
    for (const item of ['ENVELOPE', 'BODYSTRUCTURE', 'BODY']) expect(ours!.get(item), item).toBe(theirs.get(item));
  });

  it.each(CORPUS)('$name: ENVELOPE, BODYSTRUCTURE and BODY equal Dovecot’s wire text', ({ name, raw }) => {
    const tree = parseMimeTree(raw);
    const theirs = fetched.get(name)!;
    expect(serializeEnvelope(buildEnvelope(tree.fields))).toBe(theirs.get('ENVELOPE'));
    expect(serializeBodyStructure(tree)).toBe(theirs.get('BODYSTRUCTURE'));
    expect(serializeBody(tree)).toBe(theirs.get('BODY'));
  });

  it.each(SECTION_CORPUS)('$name: BODY[section] bytes equal Dovecot’s, from the sandbox server and from src/mime', async ({ name, raw }) => {
    const tree = parseMimeTree(raw);
    const uid = CORPUS.findIndex((c) => c.name === name) + 1;
    const sections = ['', 'HEADER', 'TEXT', 'HEADER.FIELDS (SUBJECT FROM)', 'HEADER.FIELDS.NOT (SUBJECT)', '1', '9'];
    for (const part of walkParts(tree)) {
      if (part.path.length === 0) continue;
      const n = part.path.join('.');
      sections.push(n, `${n}.MIME`, `${n}.HEADER`, `${n}.TEXT`, `${n}.HEADER.FIELDS (CONTENT-TYPE)`);
    }
    for (const section of new Set(sections)) {
      const partial = section === '1' ? '<3.25>' : '';
      const res = await client.ok(`UID FETCH ${uid} (BODY.PEEK[${section}]${partial})`);
      const items = parseFetchResponses(res)[0]!.items;
      const wire = [...items].find(([k]) => k.startsWith('BODY['))?.[1];
      expect(wire, `BODY[${section}]`).toBeDefined();
      const extracted = extractSection(raw, tree, parseSectionSpec(section), partial ? { offset: 3, length: 25 } : undefined);
      // An IMAP literal cannot carry NUL (RFC 3501 §9 CHAR8): on the wire it becomes 0x80, as in Dovecot.
      expect(withoutNul(extracted).toString('latin1'), `BODY[${section}]${partial}`).toBe(stringValue(wire!));
      const served = parseFetchResponses(await ours.ok(`UID FETCH ${uid} (BODY.PEEK[${section}]${partial})`))[0]!.items;
      const sandboxWire = [...served].find(([k]) => k.startsWith('BODY['))?.[1];
      expect(sandboxWire, `sandbox BODY[${section}]${partial}`).toBeDefined();
      expect(stringValue(sandboxWire!), `sandbox BODY[${section}]${partial}`).toBe(stringValue(wire!));
    }
  });
});
