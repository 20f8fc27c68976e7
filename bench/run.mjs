// `npm run bench [-- NAME [flags]]`: runs one benchmark, or all of them in turn.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = { 'smtp-ingest': 'smtp-ingest.mjs' };
const [name, ...rest] = process.argv.slice(2);
const chosen = name && !name.startsWith('--') ? [name] : Object.keys(BENCHES);
for (const b of chosen) {
  const file = BENCHES[b];
  if (!file) {
    console.error(`unknown benchmark ${b}; choose one of: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(1);
  }
  const args = name && !name.startsWith('--') ? rest : process.argv.slice(2);
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url)), ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
