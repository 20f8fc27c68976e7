// `npm run bench [-- NAME [flags]]`: runs one benchmark with its flags, or every benchmark in turn
// with its defaults. Each prints its own figures, ratios and targets (see bench/RESULTS.md). A
// benchmark whose peer tools are missing is skipped with a note (../shared/peers/install.sh).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasCommand } from './lib.mjs';

const BENCHES = {
  'smtp-ingest': { file: 'smtp-ingest.mjs', needs: ['smtp-source', 'smtp-sink'] },
  imap: { file: 'imap.mjs', needs: ['dovecot', 'doveadm'] },
  'class-load': { file: 'class-load.mjs', needs: [] },
  soak: { file: 'soak.mjs', needs: [] },
  'tui-keystroke': { file: 'tui-keystroke.mjs', needs: [] },
  'tui-startup': { file: 'tui-startup.mjs', needs: [] },
};

const [name, ...rest] = process.argv.slice(2);
const one = name !== undefined && !name.startsWith('--');
if (one && !BENCHES[name]) {
  console.error(`unknown benchmark ${name}; choose one of: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(1);
}
const chosen = one ? [name] : Object.keys(BENCHES);
const args = one ? rest : process.argv.slice(2);
const failed = [];
for (const b of chosen) {
  const { file, needs } = BENCHES[b];
  const missing = needs.filter((cmd) => !hasCommand(cmd));
  console.log(`\n=== ${b}${one ? '' : ' (defaults)'} ${'='.repeat(Math.max(0, 60 - b.length))}`);
  if (missing.length > 0) {
    console.log(`skipped: needs ${missing.join(', ')} (bash ../shared/peers/install.sh)`);
    if (one) process.exit(1);
    continue;
  }
  const started = Date.now();
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url)), ...args], { stdio: 'inherit' });
  console.log(`(${b}: ${((Date.now() - started) / 1000).toFixed(0)} s${r.status === 0 ? '' : `, exit ${r.status ?? r.signal}`})`);
  if (r.status !== 0) failed.push(b);
}
if (failed.length > 0) {
  console.log(`\nbenchmarks with errors: ${failed.join(', ')}`);
  process.exit(1);
}
