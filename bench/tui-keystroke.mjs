// Keystroke-to-frame time of the session screen holding 10,000 conversation lines (issue 5:
// "a keystroke is echoed and the screen updated within 16 ms"). The screen (dist/tui) runs with
// Ink as `connect` runs it (not Ink's debug mode; maxFps 120; React in production mode), on an
// in-memory terminal fed by a scripted session; a key goes in on stdin and the clock stops when
// the frame that echoes it has been written to stdout. Also: a new server line arriving, PgUp,
// the screen model's own share of a key, and Ink's floor: one frame of a plain screen of text of
// the same size, which no Ink application can go below.
//
//   node bench/tui-keystroke.mjs [--lines N] [--keys N] [--gap MS]
import { EventEmitter } from 'node:events';
import { parseArgs } from 'node:util';

// Colour on, as on a real terminal (chalk reads this when it is first imported, below); React in
// production mode, as `mailproto connect` runs it.
process.env.FORCE_COLOR ??= '3';
process.env.NODE_ENV ??= 'production';
const { values } = parseArgs({ options: { lines: { type: 'string', default: '10000' }, keys: { type: 'string', default: '200' }, gap: { type: 'string', default: '30' } } });
const LINES = Number(values.lines);
const KEYS = Number(values.keys);
const GAP_MS = Number(values.gap);

const { render, Box, Text } = await import('ink');
// As the TUI commands run it: Ink's per-frame caches kept across frames (src/tui/ink-frame-cache.ts).
await (await import('../dist/tui/ink-frame-cache.js')).installInkFrameCache();
const { createElement: h, useState } = await import('react');
const { SessionScreen } = await import('../dist/tui/SessionScreen.js');
const { ScreenModel } = await import('../dist/tui/screen-model.js');
const { SessionDriver } = await import('../dist/tui/session-driver.js');
const { handleKey } = await import('../dist/tui/screen-keys.js');

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

class FakeStdout extends EventEmitter {
  isTTY = true;
  listeners = new Set();
  constructor(columns, rows) {
    super();
    this.columns = columns;
    this.rows = rows;
  }
  write(chunk) {
    const text = String(chunk).replace(ANSI, '');
    for (const l of [...this.listeners]) l(text);
    return true;
  }
  /** Resolves with the time of the next write that contains `needle` (any write when undefined). */
  until(needle) {
    return new Promise((resolve) => {
      const l = (text) => {
        if (needle !== undefined && !text.includes(needle)) return;
        this.listeners.delete(l);
        resolve(performance.now());
      };
      this.listeners.add(l);
    });
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  data = null;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    const d = this.data;
    this.data = null;
    return d;
  }
  type(text) {
    this.data = text;
    this.emit('readable');
  }
}

/** A session that has said `lines` lines (EHLO replies and NOOPs, each explained). */
class FakeSession extends EventEmitter {
  protocol = 'smtp';
  target = { kind: 'sandbox', text: 'sandbox:smtp', protocol: 'smtp' };
  ended = undefined;
  facts() {
    return { protocol: 'smtp', secure: false, loopback: true, state: 'greeted', capabilities: ['SIZE', 'PIPELINING'] };
  }
  expectsContent() {
    return false;
  }
  async send() {}
  async quit() {}
  async close() {}
  warn() {}
  say(type, text) {
    this.emit('event', type === 'note' ? { type: 'annotation', t: 0, text, about: 'recv' } : { type, t: 0, text, eol: '\r\n' });
  }
  fill(lines) {
    let n = 1;
    this.say('recv', '220 sandbox.test ESMTP mailproto sandbox');
    this.say('note', '220 Service ready: introduce yourself with EHLO.');
    for (let i = 0; n < lines; i++) {
      if (i % 10 === 0) {
        this.say('send', `EHLO client${i}`);
        this.say('recv', `250-sandbox.test greets client${i}`);
        this.say('note', '250 EHLO accepted: each following 250 line names one extension the server offers (RFC 5321 §4.1.1.1)');
        for (const e of ['SIZE 10485760', '8BITMIME', 'PIPELINING', 'ENHANCEDSTATUSCODES', 'SMTPUTF8', 'CHUNKING', 'STARTTLS']) this.say('recv', `250-${e}`);
        this.say('recv', '250 HELP');
        n += 10;
      } else {
        this.say('send', `NOOP ${i}`);
        this.say('recv', `250 2.0.0 OK ${i}`);
        this.say('note', '250 2.0.0 NOOP: nothing done, the server is alive. (RFC 5321 §4.1.1.9)');
        n += 2;
      }
    }
    return n;
  }
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}
const ms = (x) => `${x.toFixed(1)} ms`.padStart(9);

async function screen(columns, rows) {
  const session = new FakeSession();
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const renderTimes = [];
  const app = render(h(SessionScreen, { session, protocol: 'smtp', server: 'sandbox:smtp', sandbox: true, onExit: () => undefined }), {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 120,
    onRender: ({ renderTime }) => renderTimes.push(renderTime),
  });
  const lines = session.fill(LINES);
  const t0 = performance.now();
  await stdout.until('greeted');
  const firstFrame = performance.now() - t0;
  await pause(200);

  renderTimes.length = 0;
  const keyTimes = [];
  let typed = '';
  for (let k = 0; k < KEYS; k++) {
    if (typed.length >= 24) {
      stdin.type('\x15');
      typed = '';
      await pause(GAP_MS);
    }
    typed += String.fromCharCode(97 + (k % 26));
    const seen = stdout.until(`smtp> ${typed}`);
    const start = performance.now();
    stdin.type(typed.slice(-1));
    keyTimes.push((await seen) - start);
    await pause(GAP_MS);
  }
  const inkRenders = [...renderTimes];

  const lineTimes = [];
  for (let k = 0; k < 40; k++) {
    const seen = stdout.until(`250 2.0.0 new ${k}`);
    const start = performance.now();
    session.say('send', `NOOP new ${k}`);
    session.say('recv', `250 2.0.0 new ${k}`);
    lineTimes.push((await seen) - start);
    await pause(GAP_MS);
  }

  const pageTimes = [];
  for (let k = 0; k < 40; k++) {
    const seen = stdout.until();
    const start = performance.now();
    stdin.type('\x1b[5~');
    pageTimes.push((await seen) - start);
    await pause(GAP_MS);
  }
  app.unmount();
  return { lines, firstFrame, key: stats(keyTimes), ink: stats(inkRenders), line: stats(lineTimes), page: stats(pageTimes), within: keyTimes.filter((t) => t <= 16).length / keyTimes.length };
}

/** The screen model alone (no React, no Ink): handle a key and compute the frame. */
function modelShare(columns, rows) {
  const session = new FakeSession();
  const model = new ScreenModel(new SessionDriver(session, 'smtp'), { server: 'sandbox:smtp', sandbox: true });
  model.resize(columns, rows);
  session.fill(LINES);
  model.frame();
  const times = [];
  const effects = { exit() {}, toggleRecording() {} };
  for (let k = 0; k < 2000; k++) {
    const start = performance.now();
    handleKey(model, k % 25 === 24 ? { name: 'ctrl', text: 'u', ctrl: true } : { name: 'text', text: 'x' }, effects);
    model.frame();
    times.push(performance.now() - start);
  }
  return stats(times);
}

/** Ink's floor: one frame of a screen full of coloured text, re-rendered by a state change. */
async function inkFloor(columns, rows) {
  const stdout = new FakeStdout(columns, rows);
  const times = [];
  let set;
  function Plain() {
    const [n, setN] = useState(0);
    set = setN;
    const lines = [];
    for (let i = 0; i < rows - 2; i++) lines.push(h(Text, { key: i, color: i % 2 ? 'yellow' : 'cyan' }, `S: 250-line ${i} ${'lorem ipsum dolor sit amet '.repeat(8)}`.slice(0, columns - 1)));
    return h(Box, { flexDirection: 'column' }, ...lines, h(Text, null, `smtp> ${n}`));
  }
  const app = render(h(Plain), { stdout, stdin: new FakeStdin(), exitOnCtrlC: false, patchConsole: false, maxFps: 120, onRender: ({ renderTime }) => times.push(renderTime) });
  await pause(100);
  times.length = 0;
  for (let i = 1; i <= 100; i++) {
    set(i);
    await pause(GAP_MS);
  }
  app.unmount();
  return stats(times);
}

console.log(`\nTUI keystroke-to-frame with ${LINES} conversation lines (${KEYS} keys, one every ${GAP_MS} ms; target 16 ms)`);
for (const [columns, rows] of [
  [120, 40],
  [80, 24],
]) {
  const r = await screen(columns, rows);
  const m = modelShare(columns, rows);
  const floor = await inkFloor(columns, rows);
  console.log(`\n  ${columns}x${rows}, ${r.lines} lines (first frame after they arrived: ${r.firstFrame.toFixed(0)} ms)`);
  console.log(`    key → echoed frame     median ${ms(r.key.median)}  p95 ${ms(r.key.p95)}  max ${ms(r.key.max)}   within 16 ms: ${(r.within * 100).toFixed(0)}%`);
  console.log(`    of which Ink's render  median ${ms(r.ink.median)}  p95 ${ms(r.ink.p95)}   (layout + output of the whole screen)`);
  console.log(`    screen model per key   median ${`${(m.median * 1000).toFixed(0)} µs`.padStart(9)}  p95 ${`${(m.p95 * 1000).toFixed(0)} µs`.padStart(9)}   (our code: key handling, visible slice, hint, detail)`);
  console.log(`    Ink floor, plain text  median ${ms(floor.median)}  p95 ${ms(floor.p95)}   (any Ink app of this size)`);
  console.log(`    new server line → frame median ${ms(r.line.median)}  p95 ${ms(r.line.p95)}`);
  console.log(`    PgUp → frame           median ${ms(r.page.median)}  p95 ${ms(r.page.p95)}`);
}
process.exit(0);
