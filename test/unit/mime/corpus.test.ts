import { describe, expect, it } from 'vitest';
import { serializeBody, serializeBodyStructure } from '../../../src/mime/bodystructure.js';
import { buildEnvelope, serializeEnvelope } from '../../../src/mime/envelope.js';
import { parseMimeTree } from '../../../src/mime/parse-tree.js';
import { CORPUS, DOVECOT } from './corpus-files.js';

function answer(raw: Buffer) {
  const tree = parseMimeTree(raw);
  return {
    ENVELOPE: serializeEnvelope(buildEnvelope(tree.fields)),
    BODYSTRUCTURE: serializeBodyStructure(tree),
    BODY: serializeBody(tree),
  };
}

describe('MIME corpus', () => {
  it('has at least 12 messages, all with CRLF line ends', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(12);
    for (const { name, raw } of CORPUS) {
      const bareLf = raw.toString('latin1').replace(/\r\n/g, '').includes('\n');
      expect(bareLf, name).toBe(false);
    }
  });

  it.each(CORPUS)('$name: ENVELOPE, BODYSTRUCTURE and BODY are what Dovecot 2.3.19 sent', ({ name, raw }) => {
    expect(DOVECOT[name], `no recorded Dovecot answer for ${name}`).toBeDefined();
    expect(answer(raw)).toEqual(DOVECOT[name]);
  });

  it.each(CORPUS)('$name: the same message with bare LF line ends gives the same answers', ({ raw }) => {
    const lf = Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    expect(answer(lf)).toEqual(answer(raw));
  });
});
