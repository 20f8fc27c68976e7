import { describe, expect, it } from 'vitest';
import { explain, formatExplanation, formatExplanationLine } from '../../../src/annotate/explain.js';

describe('formatExplanation', () => {
  it('prints a heading, then label, meaning, Next and citation per part', () => {
    const text = formatExplanation(explain('550 5.1.1'));
    const blocks = text.split('\n\n');
    expect(blocks[0]).toBe('SMTP reply: 550 5.1.1');
    expect(blocks[1]?.split('\n')[0]).toBe('550 reply code');
    expect(blocks[1]).toContain('  Mailbox unavailable:');
    expect(blocks[1]).toContain('  Next: Check the address;');
    expect(blocks[1]?.split('\n').at(-1)).toBe('  (RFC 5321 §4.2.2)');
    expect(blocks[2]?.split('\n')[0]).toBe('5.1.1 Bad destination mailbox address');
    expect(blocks[2]?.split('\n').at(-1)).toBe('  (RFC 3463 §3.2)');
    expect(blocks).toHaveLength(1 + explain('550 5.1.1').parts.length);
  });

  it('names an enhanced code alone as such', () => {
    expect(formatExplanation(explain('5.7.1')).split('\n')[0]).toBe('SMTP enhanced status code: 5.7.1');
  });

  it('omits the Next line when a part has none', () => {
    const text = formatExplanation(explain('354 2.0.0 go'));
    const warning = text.split('\n\n').find((b) => b.startsWith('Warning:'));
    expect(warning).toBeDefined();
    expect(warning).not.toContain('Next:');
  });

  it('keeps lines within 78 columns', () => {
    for (const input of ['550 5.1.1', '250-SIZE 10485760', '250 5.1.1', '5.6.9']) {
      for (const line of formatExplanation(explain(input)).split('\n')) {
        expect(line.length, line).toBeLessThanOrEqual(78);
      }
    }
  });

  it('escapes control characters in the reply text', () => {
    const text = formatExplanation(explain('550 5.1.1 \x1b[31mred\x1b[0m'));
    expect(text).not.toContain('\x1b');
    expect(text).toContain('\\x1b[31mred\\x1b[0m');
  });
});

describe('formatExplanationLine', () => {
  it('summarises a reply on one line', () => {
    const line = formatExplanationLine(explain('220 sandbox.test ESMTP'));
    expect(line).toMatch(/^220 Service ready: the server is listening/);
    expect(line).toContain('Introduce yourself with EHLO');
    expect(line).toMatch(/\(RFC 5321 §4\.2\.2, §4\.3\.1; RFC 3207 §4\)$/);
    expect(line).not.toContain('\n');
  });

  it('prefers the enhanced code and lists warnings', () => {
    const line = formatExplanationLine(explain('250 5.1.1 odd'));
    expect(line).toMatch(/^250 5\.1\.1 The recipient mailbox does not exist/);
    expect(line).toContain('(RFC 3463 §3.2)');
    expect(line).toMatch(/\[Warning: the classes disagree\]$/);
  });
});
