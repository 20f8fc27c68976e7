// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per function and total time per
// function (inclusive, counted once per sample even under recursion), top N of each.
// Usage: node bench/prof-summary.mjs FILE.cpuprofile [--top N] [--filter TEXT]
import { readFileSync } from 'node:fs';
import { flags } from './lib.mjs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/prof-summary.mjs FILE.cpuprofile [--top N] [--filter TEXT]');
  process.exit(1);
}
const opts = flags(rest);
const top = Number(opts.top ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: the deltas, attributed to the sample's node.
const selfUs = new Map();
const totalUs = new Map();
let all = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  all += dt;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const key = label(nodes.get(cur));
    if (seen.has(key)) continue;
    seen.add(key);
    totalUs.set(key, (totalUs.get(key) ?? 0) + dt);
  }
});

function label(n) {
  const f = n.callFrame;
  const url = f.url ? f.url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules)\//, '$1/') : '';
  return `${f.functionName || '(anonymous)'} ${url}${url ? `:${f.lineNumber + 1}` : ''}`;
}

const bySelf = new Map();
for (const [id, us] of selfUs) {
  const key = label(nodes.get(id));
  bySelf.set(key, (bySelf.get(key) ?? 0) + us);
}
const filter = typeof opts.filter === 'string' ? opts.filter : undefined;
function print(title, map) {
  console.log(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled)`);
  [...map]
    .filter(([k]) => !filter || k.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, us]) => console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms ${((us / all) * 100).toFixed(1).padStart(5)}%  ${k}`));
}
print('self time', bySelf);
print('total time', totalUs);
