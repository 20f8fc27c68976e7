/**
 * Python's imaplib against the IMAP sandbox, over plain TCP, STARTTLS and implicit TLS: log in,
 * manage mailboxes, append, select, search, fetch (BODYSTRUCTURE and sections), store, copy,
 * move, expunge, close and log out — what a script that files mail would do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imaplib, type ImaplibMode } from '../../helpers/imaplib.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const SESSION = String.raw`
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.application import MIMEApplication
rec('login', M.login('bob', 'password'))
rec('caps_after_login', M.capability()[1][0].decode().split(' '))
rec('create', M.create('Projects.2024'))
rec('rename', M.rename('Projects.2024', 'Projects.Old'))
rec('list', M.list('""', 'Projects*'))
rec('delete', M.delete('Projects.Old'))
rec('list_after_delete', M.list('""', 'Projects.*'))
rec('create_archive', M.create('Archive'))
mixed = MIMEMultipart()
mixed['Subject'] = 'Quarterly report'
mixed['From'] = 'alice@sandbox.test'
mixed['To'] = 'bob@sandbox.test'
mixed.attach(MIMEText('Numbers attached.\n', 'plain'))
mixed.attach(MIMEApplication(b'\x00\x01binary\xff', Name='q.bin'))
rec('append', M.append('INBOX', '(\\Flagged)', imaplib.Time2Internaldate(time.time()), mixed.as_bytes()))
rec('append2', M.append('INBOX', None, None, b'From: carol@sandbox.test\r\nSubject: Lunch?\r\n\r\nNoon at the usual place.\r\n'))
rec('select', M.select('INBOX'))
rec('search_subject', M.search(None, 'SUBJECT', '"Quarterly"'))
rec('search_flagged', M.search(None, 'FLAGGED'))
rec('uid_search', M.uid('SEARCH', 'ALL'))
rec('bodystructure', M.fetch('1', '(BODYSTRUCTURE)'))
rec('part1', M.fetch('1', '(BODY.PEEK[1])'))
rec('part2_mime', M.fetch('1', '(BODY.PEEK[2.MIME])'))
rec('header_fields', M.fetch('1', '(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])'))
rec('partial', M.fetch('2', '(BODY.PEEK[TEXT]<0.4>)'))
rec('flags_before', M.fetch('2', '(FLAGS)'))
rec('rfc822', M.fetch('2', '(RFC822)'))
rec('flags_after', M.fetch('2', '(FLAGS)'))
rec('store', M.store('1', '+FLAGS', '(\\Answered)'))
rec('copy', M.copy('1', 'Archive'))
rec('move', M.uid('MOVE', '2', 'Archive'))
rec('expunge_after_move', M.response('EXPUNGE'))
rec('status_inbox', M.status('INBOX', '(MESSAGES UIDNEXT)'))
rec('store_deleted', M.store('1', '+FLAGS.SILENT', '(\\Deleted)'))
rec('expunge', M.expunge())
rec('select_archive', M.select('Archive', readonly=True))
rec('archive', M.fetch('1:*', '(UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])'))
rec('close', M.close())
rec('logout', M.logout())
`;

const MODES: ReadonlyArray<[ImaplibMode, 'imap' | 'imaps']> = [
  ['plain', 'imap'],
  ['starttls', 'imap'],
  ['imaps', 'imaps'],
];

describe.each(MODES)('imaplib over %s', (mode, service) => {
  let sb: TestSandbox;
  let r: Record<string, unknown>;

  beforeAll(async () => {
    requireTool('python3');
    sb = await startTestSandbox();
    r = await imaplib({ port: sb.ports[service], mode, dataDir: sb.dataDir }, SESSION);
  });
  afterAll(async () => sb?.stop());

  const text = (name: string): string => JSON.stringify(r[name]);

  it('runs the whole session without an exception', () => {
    expect(r.error).toBeUndefined();
  });

  it('speaks TLS exactly when asked to, and offers STARTTLS only before it', () => {
    expect(r.tls).toBe(mode === 'plain' ? null : 'TLSv1.3');
    const caps = r.caps as string[];
    expect(caps).toContain('IMAP4REV1');
    expect(caps).toContain('AUTH=PLAIN');
    if (mode === 'plain') expect(caps).toContain('STARTTLS');
    else expect(caps).not.toContain('STARTTLS');
  });

  it('logs in and then advertises the extensions', () => {
    expect(r.login).toEqual(['OK', [expect.stringMatching(/^\[CAPABILITY IMAP4rev1 .*\] LOGIN completed/)]]);
    for (const cap of ['IDLE', 'MOVE', 'UIDPLUS', 'NAMESPACE', 'SPECIAL-USE', 'CHILDREN', 'UNSELECT']) {
      expect(r.caps_after_login).toContain(cap);
    }
  });

  it('creates, renames, lists and deletes mailboxes', () => {
    expect((r.create as unknown[])[0]).toBe('OK');
    expect((r.rename as unknown[])[0]).toBe('OK');
    expect(r.list).toEqual(['OK', ['(\\HasChildren) "." "Projects"', '(\\HasNoChildren) "." "Projects.Old"']]);
    expect((r.delete as unknown[])[0]).toBe('OK');
    expect(r.list_after_delete).toEqual(['OK', [null]]);
  });

  it('appends with APPENDUID and selects with the new count', () => {
    expect(r.append).toEqual(['OK', [expect.stringMatching(/^\[APPENDUID \d+ 1\] APPEND completed/)]]);
    expect(r.append2).toEqual(['OK', [expect.stringMatching(/^\[APPENDUID \d+ 2\] /)]]);
    expect(r.select).toEqual(['OK', ['2']]);
  });

  it('searches by subject, flag and UID', () => {
    expect(r.search_subject).toEqual(['OK', ['1']]);
    expect(r.search_flagged).toEqual(['OK', ['1']]);
    expect(r.uid_search).toEqual(['OK', ['1 2']]);
  });

  it('fetches BODYSTRUCTURE and body sections', () => {
    expect(text('bodystructure')).toMatch(/BODYSTRUCTURE \(\(\\"text\\" \\"plain\\" \(\\"charset\\" \\"us-ascii\\"\)/);
    expect(text('bodystructure')).toContain('(\\"application\\" \\"octet-stream\\" (\\"Name\\" \\"q.bin\\")');
    expect(text('bodystructure')).toContain('\\"mixed\\"');
    expect((r.part1 as unknown[][])[1]![0]).toEqual(['1 (BODY[1] {19}', 'Numbers attached.\r\n']);
    expect(text('part2_mime')).toContain('Content-Type: application/octet-stream');
    expect((r.header_fields as unknown[][])[1]![0]).toEqual([
      expect.stringMatching(/^1 \(BODY\[HEADER\.FIELDS \(SUBJECT FROM\)\] \{\d+\}$/),
      'Subject: Quarterly report\r\nFrom: alice@sandbox.test\r\n\r\n',
    ]);
    expect((r.partial as unknown[][])[1]![0]).toEqual(['2 (BODY[TEXT]<0> {4}', 'Noon']);
  });

  it('sets \\Seen when RFC822 is fetched, and says so in the same response', () => {
    expect(text('flags_before')).not.toContain('\\\\Seen');
    expect(text('rfc822')).toContain('Noon at the usual place.');
    expect(text('rfc822')).toMatch(/FLAGS \(\\\\Seen \\\\Recent\)/);
    expect(text('flags_after')).toContain('\\\\Seen');
  });

  it('stores flags and reports them', () => {
    expect(r.store).toEqual(['OK', ['1 (FLAGS (\\Answered \\Flagged \\Recent))']]);
  });

  it('copies with COPYUID and moves with EXPUNGE', () => {
    expect(r.copy).toEqual(['OK', [expect.stringMatching(/^\[COPYUID \d+ 1 1\] COPY completed/)]]);
    expect((r.move as unknown[])[0]).toBe('OK');
    expect(r.expunge_after_move).toEqual(['EXPUNGE', ['2']]);
    expect(r.status_inbox).toEqual(['OK', [expect.stringMatching(/^"INBOX" \(MESSAGES 1 UIDNEXT 3\)$/)]]);
  });

  it('expunges \\Deleted messages', () => {
    expect(r.store_deleted).toEqual(['OK', [null]]);
    expect(r.expunge).toEqual(['OK', ['1']]);
  });

  it('finds the copied and moved messages in Archive with their flags', () => {
    expect(r.select_archive).toEqual(['OK', ['2']]);
    const archive = text('archive');
    expect(archive).toMatch(/1 \(UID 1 FLAGS \(\\\\Answered \\\\Flagged \\\\Recent\) BODY\[HEADER.FIELDS \(SUBJECT\)\]/);
    expect(archive).toContain('Subject: Quarterly report');
    expect(archive).toMatch(/2 \(UID 2 FLAGS \(\\\\Seen \\\\Recent\) /);
    expect(archive).toContain('Subject: Lunch?');
    expect((r.close as unknown[])[0]).toBe('OK');
    expect((r.logout as unknown[])[0]).toBe('BYE');
  });
});
