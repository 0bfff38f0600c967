// One-shot use (issue 15): a whole `dnnpipe plan` process on the bundled example, timed side by
// side with `node -e 0` by hyperfine (a measuring tool, not a dependency: install it to run this).
// Writes hyperfine's JSON export to bench/results/one-shot.json (or --out FILE) and prints each
// command's min / median / max and the CLI's ratio to `node -e 0`.
//
//   npm run build && node bench/one-shot.mjs [--runs 60] [--warmup 5] [--out FILE]
//
// Both commands run without a shell (`hyperfine -N`), with the Node running this script, in the
// repository root, so `node -e 0` is Node's own start and exit and nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    out: { type: 'string', default: path.join(root, 'bench/results/one-shot.json') },
  },
});

function fail(message) {
  process.stderr.write(`one-shot: ${message}\n`);
  process.exit(2);
}

if (spawnSync('hyperfine', ['--version']).status !== 0) fail('hyperfine is not installed (apt-get install -y hyperfine)');
if (!existsSync(path.join(root, 'dist/bin.cjs'))) fail('dist/bin.cjs is missing; run `npm run build` first');
for (const flag of ['runs', 'warmup']) if (!/^\d+$/.test(values[flag])) fail(`--${flag} must be a whole number`);

const node = process.execPath.includes(' ') ? fail(`the path to node has a space: ${process.execPath}`) : process.execPath;
const commands = [
  { name: 'node -e 0', command: `${node} -e 0` },
  { name: 'node dist/bin.cjs plan', command: `${node} dist/bin.cjs plan` },
];

const before = loadavg()[0];
const run = spawnSync('hyperfine', [
  '-N', '--warmup', values.warmup, '--runs', values.runs, '--export-json', values.out,
  ...commands.flatMap((c) => ['-n', c.name, c.command]),
], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (run.status !== 0) fail(`hyperfine failed (exit ${run.status})`);

const { results } = JSON.parse(readFileSync(values.out, 'utf8'));
const ms = (seconds) => (seconds * 1000).toFixed(1).padStart(7);
const [base, cli] = results;
console.log(`\nnode ${process.version}, load average ${before.toFixed(2)} before and ${loadavg()[0].toFixed(2)} after; ${values.runs} runs each`);
console.log(`${'command'.padEnd(24)}  min ms  median ms  max ms  user ms`);
for (const r of results) console.log(`${r.command.padEnd(24)} ${ms(r.min)}  ${ms(r.median)}   ${ms(r.max)} ${ms(r.user)}`);
console.log(`ratio to node -e 0: ${(cli.min / base.min).toFixed(2)}x by min, ${(cli.median / base.median).toFixed(2)}x by median, ${(cli.user / base.user).toFixed(2)}x in user CPU`);
console.log(`hyperfine's export: ${path.relative(process.cwd(), values.out) || values.out}`);
