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
import { ImapTestClient, parseFetchResponses, startDovecot, type DovecotPeer } from '../helpers/dovecot.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/mime');
const CORPUS = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((name) => ({ name, raw: readFileSync(join(FIXTURES, name)) }));

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
    const ours = await ImapTestClient.connect(sandbox.ports.imap!);
    await ours.ok('LOGIN bob password');
    for (const { raw } of CORPUS) await ours.ok('APPEND INBOX', raw);
    await ours.ok('SELECT INBOX');
    for (const r of parseFetchResponses(await ours.ok('UID FETCH 1:* (ENVELOPE BODYSTRUCTURE BODY)'))) {
      sandboxFetched.set(CORPUS[r.seq - 1]!.name, r.items);
    }
    await ours.logout();
  }, 60_000);

  afterAll(async () => {
    await client?.logout();
    await peer?.stop();
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Dovecot stored and answered for every corpus message', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(12);
    expect([...fetched.keys()].sort()).toEqual(CORPUS.map((c) => c.name));
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

  it.each(CORPUS)('$name: BODY[section] bytes equal Dovecot’s', async ({ name, raw }) => {
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
      const ours = extractSection(raw, tree, parseSectionSpec(section), partial ? { offset: 3, length: 25 } : undefined);
      expect(ours.toString('latin1'), `BODY[${section}]${partial}`).toBe(stringValue(wire!));
    }
  });
});
