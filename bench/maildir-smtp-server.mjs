// The peer for the SMTP ingest benchmark: nodemailer's smtp-server, writing each message into a
// Maildir with the same durability as the sandbox: write to tmp/, fsync, rename into new/, fsync new/
// (without the directory fsync an acknowledged message can vanish in a crash: the rename lives in the
// directory's data). Usage: node maildir-smtp-server.mjs PORT DIR [--no-dir-fsync]
import { open, rename, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

const [, , portArg, dir, ...rest] = process.argv;
const dirFsync = !rest.includes('--no-dir-fsync');
let counter = 0;
await Promise.all(['tmp', 'new', 'cur'].map((d) => mkdir(join(dir, d), { recursive: true })));

async function store(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  const body = Buffer.concat(chunks);
  const name = `${Date.now()}.P${process.pid}Q${++counter}.${hostname()},S=${body.length}`;
  const tmp = join(dir, 'tmp', name);
  const fh = await open(tmp, 'wx');
  await fh.writeFile(body);
  await fh.sync();
  await fh.close();
  await rename(tmp, join(dir, 'new', name));
  if (dirFsync) {
    const d = await open(join(dir, 'new'), 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 50 * 1024 * 1024,
  onData(stream, _session, callback) {
    store(stream).then(() => callback(), callback);
  },
});
server.listen(Number(portArg), '127.0.0.1', () => process.send?.('listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
