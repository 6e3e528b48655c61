// Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. HEKAD_NODE_ARGS for the hekad
// benchmarks): self time per function, the top N, and per script file.
//
//   node scripts/bench/profile-summary.js <file.cpuprofile> [--top N]
import { readFileSync } from 'node:fs';
import { numberArg } from './process.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/bench/profile-summary.js <file.cpuprofile> [--top N]');
  process.exit(2);
}
const TOP = numberArg('top', 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
// timeDeltas[i] is the time before sample i; charge it to the sampled node
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map();
const byFile = new Map();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const short = url.replace(/^file:\/\/.*?\/(packages|node_modules)\//, '$1/');
  const key = `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const fileKey = short || functionName;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const show = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
show('self time by function', byFunction, TOP);
show('self time by file', byFile, 15);
