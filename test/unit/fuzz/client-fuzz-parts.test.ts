/**
 * The client fuzzer's own parts (test/fuzz/client-*.ts): the checks must be able to fail, the seed
 * notation must give exact byte counts, and a case must be the same bytes for the same seed.
 */
import { describe, expect, it } from 'vitest';
import { loadServerCorpus, parseServerSeed } from '../../fuzz/client-corpus.js';
import { renderProblems, terminalProblems } from '../../fuzz/client-harness.js';
import { makeClientCase } from '../../fuzz/client-mutate.js';
import { caseSeed, prng } from '../../fuzz/prng.js';

describe('client fuzzer checks', () => {
  it.each([
    ['S: \x1b[2J', 1],
    ['S: \x9b31m', 1],
    ['#  bell \x07', 1],
    ['S: a\ttab is kept on purpose', 0],
    ['S: \\x1b[2J (escaped)', 0],
  ])('terminalProblems(%j) finds %i problem(s)', (line, n) => {
    expect(terminalProblems([line])).toHaveLength(n);
  });

  it('a server line full of terminal escapes renders without a problem (line mode escapes it)', () => {
    expect(renderProblems({ type: 'recv', t: 0, text: '250 \x1b]0;pwned\x07 \x9b31m \x85 \x00', eol: '\r\n' })).toEqual([]);
  });

  it('a close message with a raw escape is a problem (connect prints it on stderr)', () => {
    expect(renderProblems({ type: 'close', t: 0, reason: 'error', message: 'refused (454 \x1b]0;x\x07)', exitCode: 3 })).toHaveLength(1);
  });

  it('a warning that the annotator failed is a problem', () => {
    expect(renderProblems({ type: 'warning', t: 0, text: 'the annotator failed on this line: boom' })).toHaveLength(1);
  });
});

describe('server seeds', () => {
  it('gives the greeting, one reply per client line, and literal sizes in octets', () => {
    const s = parseServerSeed('t', ['S: * OK hi', 'C: a FETCH 1 BODY[]', 'S: * 1 FETCH (BODY[] {@}', 'Süb', '', '@@)', 'S: a OK done', 'C: b NOOP', 'C: DONE', 'S: <<ESC>>x'].join('\n'));
    expect(s.commands).toEqual(['a FETCH 1 BODY[]', 'b NOOP', 'DONE']);
    expect(s.replies.map((r) => r.toString('utf8'))).toEqual(['* OK hi\r\n', '* 1 FETCH (BODY[] {8}\r\nSüb\r\n\r\n)\r\na OK done\r\n', '', '\x1bx\r\n']);
  });

  it.each(['smtp', 'pop3', 'imap'] as const)('%s: the corpus loads, and a case is the same for the same seed', async (protocol) => {
    const corpus = await loadServerCorpus(protocol);
    expect(corpus.length).toBeGreaterThanOrEqual(3);
    for (const s of corpus) expect(s.replies.length, s.name).toBe(s.commands.length + 1);
    const a = makeClientCase(prng(caseSeed(7, protocol, 3)), protocol, corpus);
    const b = makeClientCase(prng(caseSeed(7, protocol, 3)), protocol, corpus);
    expect(Buffer.concat(b.replies).equals(Buffer.concat(a.replies))).toBe(true);
    expect(b.commands).toEqual(a.commands);
  });
});
