/**
 * UIDVALIDITY, UIDNEXT and UIDs survive a restart of the sandbox (design.md "Store"); an expunged
 * UID is never handed out again.
 */
import { afterAll, expect, it } from 'vitest';
import { startSandbox, SERVICES, type Sandbox } from '../../../src/server/sandbox.js';
import { createTempDataDir, type TempDataDir } from '../../../src/store/temp-dir.js';
import { expectOk, imap, login, message, openImap, taggedLine, untaggedLines } from '../../helpers/imap-wire.js';

let temp: TempDataDir | undefined;
let running: Sandbox | undefined;

afterAll(async () => {
  await running?.close();
  await temp?.remove();
});

async function start(dir: string): Promise<Sandbox> {
  running = await startSandbox({ dataDir: dir, ports: Object.fromEntries(SERVICES.map((s) => [s, 0])) });
  return running;
}

/** The codes of a SELECT reply, as `NAME value`. */
function selectCodes(text: string): string[] {
  return untaggedLines(text).flatMap((l) => /^\* OK \[(UIDVALIDITY \d+|UIDNEXT \d+)\]/.exec(l)?.[1] ?? []);
}

it('keeps UIDVALIDITY, UIDNEXT and the UIDs across a restart', async () => {
  temp = await createTempDataDir();
  let sb = await start(temp.dir);
  let c = await openImap(sb.ports.imap!);
  await login(c, 'alice');
  await expectOk(c, 'a CREATE Kept');
  for (const subject of ['one', 'two', 'three']) {
    const m = message(subject);
    await expectOk(c, `b APPEND Kept {${m.length}+}\r\n${m}`);
  }
  await expectOk(c, 'c SELECT Kept');
  await expectOk(c, 'd UID STORE 3 +FLAGS.SILENT (\\Deleted)');
  await expectOk(c, 'e EXPUNGE');
  const before = selectCodes(await expectOk(c, 'f SELECT Kept'));
  expect(before).toEqual([expect.stringMatching(/^UIDVALIDITY \d+$/), 'UIDNEXT 4']);
  c.close();
  await sb.close();
  running = undefined;

  sb = await start(temp.dir);
  c = await openImap(sb.ports.imap!);
  await login(c, 'alice');
  expect(selectCodes(await expectOk(c, 'g SELECT Kept'))).toEqual(before);
  expect(await imap(c, 'h FETCH 1:* (UID)')).toBe('* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\nh OK FETCH completed\r\n');
  const m = message('four');
  const appended = await expectOk(c, `i APPEND Kept {${m.length}+}\r\n${m}`);
  expect(taggedLine(appended, 'i')).toMatch(new RegExp(`^i OK \\[APPENDUID ${before[0]!.split(' ')[1]} 4\\] `));
  c.close();
});
