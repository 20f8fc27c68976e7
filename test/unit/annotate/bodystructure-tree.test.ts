import { describe, expect, it } from 'vitest';
import { annotateServerLine } from '../../../src/annotate/annotate.js';
import { MAX_TREE_LINES, bodyStructureTree } from '../../../src/annotate/bodystructure-tree.js';
import { MAX_READER_DEPTH, readValues } from '../../../src/annotate/imap-reader.js';
import { serializeBodyStructure } from '../../../src/mime/bodystructure.js';
import { parseMimeTree } from '../../../src/mime/parse-tree.js';
import { CORPUS, DOVECOT } from '../mime/corpus-files.js';
import { server } from './helpers.js';

/** The tree as text: two spaces per level. */
function render(text: string): string[] {
  const tree = bodyStructureTree(text);
  return [tree.root, ...tree.lines.map((l) => `${'  '.repeat(l.depth)}${l.text}`)];
}

const dovecot = (name: string): string => {
  const answer = DOVECOT[name];
  if (!answer) throw new Error(`no Dovecot answer for ${name}`);
  return answer.BODYSTRUCTURE;
};

describe('BODYSTRUCTURE as a tree (Dovecot 2.3.19 answers)', () => {
  it.each([
    ['01-simple-text.eml', ['a single part', '  1 text/plain us-ascii 7bit 62 octets, 5 lines']],
    ['06-multipart-alternative.eml', ['multipart/alternative, 2 parts', '  1 text/plain utf-8 7bit 16 octets, 1 line', '  2 text/html utf-8 7bit 22 octets, 1 line']],
    [
      '07-mixed-attachment-rfc2231.eml',
      ['multipart/mixed, 2 parts', '  1 text/plain ISO-8859-1 quoted-printable 28 octets, 0 lines', '  2 application/pdf base64 1050 octets, attachment "résumé draft.pdf"'],
    ],
    [
      '08-nested-mixed-alternative-related.eml',
      [
        'multipart/mixed, 2 parts',
        '  1 multipart/alternative, 2 parts',
        '    1.1 text/plain utf-8 7bit 10 octets, 0 lines',
        '    1.2 multipart/related, 2 parts',
        '      1.2.1 text/html utf-8 7bit 32 octets, 0 lines',
        '      1.2.2 image/png base64 96 octets, inline "logo.png"',
        '  2 text/csv us-ascii 7bit 8 octets, 1 line, attachment "data.csv"',
      ],
    ],
    [
      '09-message-rfc822.eml',
      [
        'multipart/mixed, 2 parts',
        '  1 text/plain us-ascii 7bit 12 octets, 1 line',
        '  2 message/rfc822 7bit 402 octets, a message from Renée <renee@example.fr>, subject "Original"',
        '    2.TEXT multipart/alternative, 2 parts',
        '      2.1 text/plain utf-8 7bit 11 octets, 0 lines',
        '      2.2 text/html utf-8 7bit 18 octets, 0 lines',
      ],
    ],
    [
      '14-digest.eml',
      [
        'multipart/digest, 3 parts',
        '  1 message/rfc822 7bit 55 octets, a message from one@example.org, subject "First"',
        '    1.1 text/plain us-ascii 7bit 14 octets, 0 lines',
        '  2 text/plain us-ascii 7bit 22 octets, 0 lines',
        '  3 message/rfc822 7bit 57 octets, a message from two@example.org, subject "Second"',
        '    3.1 text/plain us-ascii 7bit 15 octets, 0 lines',
      ],
    ],
    ['12-odd-content-type.eml', ['a single part', '  1 text/html ISO-8859-1 quoted-printable 15 octets, 1 line, inline "a "quoted" name"']],
    ['13-multipart-no-boundary.eml', ['multipart/mixed, 1 part', '  1 text/plain us-ascii 7bit 0 octets, 0 lines']],
  ])('%s', (name, expected) => {
    expect(render(dovecot(name))).toEqual(expected);
    expect(bodyStructureTree(dovecot(name)).complete).toBe(true);
  });

  it('gives the sandbox\'s own BODYSTRUCTURE the same tree as Dovecot\'s, for every corpus file', () => {
    for (const { name, raw } of CORPUS) {
      expect(render(serializeBodyStructure(parseMimeTree(raw))), name).toEqual(render(dovecot(name)));
    }
  });

  it('reads BODY, the structure without extension data', () => {
    expect(render('(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 12 1)("application" "pdf" ("name" "a.pdf") NIL NIL "base64" 900) "mixed")')).toEqual([
      'multipart/mixed, 2 parts',
      '  1 text/plain us-ascii 7bit 12 octets, 1 line',
      '  2 application/pdf base64 900 octets "a.pdf"',
    ]);
  });

  it('shows the tree under the FETCH line, indented, the head line cited', () => {
    const notes = annotateServerLine(`* 4 FETCH (UID 9 BODYSTRUCTURE ${dovecot('08-nested-mixed-alternative-related.eml')})`, server({ protocol: 'imap' }, 'A1 FETCH 4 (UID BODYSTRUCTURE)'));
    expect(notes[0]).toBe('Message 4: UID 9 (RFC 3501 §7.4.2)');
    expect(notes[1]).toBe('Message 4 BODYSTRUCTURE: multipart/mixed, 2 parts (RFC 3501 §6.4.5, §7.4.2)');
    expect(notes.slice(2)).toEqual([
      '  1 multipart/alternative, 2 parts',
      '    1.1 text/plain utf-8 7bit 10 octets, 0 lines',
      '    1.2 multipart/related, 2 parts',
      '      1.2.1 text/html utf-8 7bit 32 octets, 0 lines',
      '      1.2.2 image/png base64 96 octets, inline "logo.png"',
      '  2 text/csv us-ascii 7bit 8 octets, 1 line, attachment "data.csv"',
    ]);
  });

  it('says when a literal cuts the structure short', () => {
    const notes = annotateServerLine('* 1 FETCH (BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL {12}', server({ protocol: 'imap' }, 'A1 FETCH 1 BODYSTRUCTURE'));
    expect(notes[0]).toMatch(/cut short by a literal/);
    expect(bodyStructureTree('(("text" "plain" NIL NIL {12}').complete).toBe(false);
  });

  it(`shows at most MAX_TREE_LINES (${MAX_TREE_LINES}) parts, then says how many more`, () => {
    const part = '("text" "plain" NIL NIL NIL "7bit" 1 1)';
    const tree = bodyStructureTree(`(${part.repeat(MAX_TREE_LINES + 5)} "mixed")`);
    expect(tree.root).toBe(`multipart/mixed, ${MAX_TREE_LINES + 5} parts`);
    expect(tree.lines).toHaveLength(MAX_TREE_LINES + 1);
    expect(tree.lines.at(-1)?.text).toBe('... and 5 more parts');
    expect(bodyStructureTree(`(${part.repeat(MAX_TREE_LINES)} "mixed")`).lines).toHaveLength(MAX_TREE_LINES);
  });

  it(`stops reading lists nested deeper than MAX_READER_DEPTH (${MAX_READER_DEPTH})`, () => {
    const deep = `${'('.repeat(MAX_READER_DEPTH + 10)}x${')'.repeat(MAX_READER_DEPTH + 10)}`;
    let depth = 0;
    let token = readValues(deep)[0];
    while (token?.type === 'list' && token.items[0]) {
      depth += 1;
      token = token.items[0];
    }
    expect(depth).toBe(MAX_READER_DEPTH);
    expect(readValues(`${'('.repeat(MAX_READER_DEPTH)}x${')'.repeat(MAX_READER_DEPTH)}`)[0]).toMatchObject({ type: 'list', open: false });
    expect(() => bodyStructureTree(`${'('.repeat(100_000)}`)).not.toThrow();
  });
});
