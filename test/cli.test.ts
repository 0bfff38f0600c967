/** The `dnnpipe` command, run as a user would: built CLI, real files, exit codes. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_CLI, cliProcess } from './helpers/cli.js';
import { tempFiles } from './helpers/temp.js';

const FIXTURE = new URL('./fixtures/effnetv2b0.dnnpipe.json', import.meta.url).pathname;
const { dir, file } = tempFiles('dnnpipe-cli-');

describe('dnnpipe plan', () => {
  it('plans the bundled example by default and prints a table', () => {
    const { status, stdout } = cliProcess(['plan']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/stage\s+device\s+units\s+time ms\s+memory MB\s+transfer ms/);
    expect(stdout).toContain('1-71');
    expect(stdout).toMatch(/bottleneck\s+3\.1665 ms/);
    expect(stdout).toMatch(/throughput\s+315\.81 frames\/s/);
    expect(stdout).toMatch(/speedup\s+1\.75x over the best single device/);
  });

  it('--json prints the Plan', () => {
    for (const engine of ['wasm', 'ts']) {
      const plan = JSON.parse(execFileSync(process.execPath, [BUILT_CLI, 'plan', FIXTURE, '--json', '--engine', engine], { encoding: 'utf8' }));
      expect(plan.bottleneck).toBe(3.1664891242980944);
      expect(plan.throughput).toBeCloseTo(1000 / 3.1664891242980944, 9);
      expect(plan.stages).toHaveLength(4);
      for (const stage of plan.stages) expect(Object.keys(stage).sort()).toEqual(['device', 'end', 'memory', 'start', 'time', 'transfer']);
      expect(plan.stats.engine).toBe(engine);
      expect(plan.bestSingle).toEqual({ device: '1', time: expect.any(Number) });
      expect(typeof plan.latency).toBe('number');
      expect(typeof plan.speedup).toBe('number');
    }
  });

  it("--out writes DNNPipe's pipeline_plan.json", () => {
    const out = join(dir, 'pipeline_plan.json');
    expect(cliProcess(['plan', FIXTURE, '--out', out]).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ pipeline_plan: [[1, 71, 1], [72, 112, 4], [113, 200, 2], [201, 273, 3]] });
  });

  it('reads a native Problem JSON', () => {
    const path = file('native.json', JSON.stringify({ model: { time: [1, 2, 3, 4] }, devices: [{ id: 'a' }, { id: 'b', speed: 2 }] }));
    const plan = JSON.parse(cliProcess(['plan', path, '--json']).stdout);
    // a runs units 1-2 (3 ms), b runs 3-4 at speed 2 (3.5 ms); no split does better.
    expect(plan.bottleneck).toBe(3.5);
  });

  it.each([
    ['malformed JSON', '{"model": {"time": [1, 2,\n  ]}', /line 2, column 3/],
    ['truncated JSON', '{"model": {"time": [1,', /invalid JSON at line 1/],
    ['a typo in a field', '{"model":{"time":[1]},"devices":[{"id":"a","spead":2}]}', /devices\[0\]\.spead: unknown field \(did you mean "speed"\?\)/],
    ['a negative time', '{"model":{"time":[1,-2]},"devices":[{"id":"a"}]}', /model\.time\[1\]: must be 0 or more/],
    ['a DNNPipe N mismatch', '{"device_config":{"N":3,"C":[1],"M":[1]},"model_config":{"U":1,"E":[1],"R":[1]}}', /device_config\.C: has 1 entry but N is 3/],
  ])('exits 2 with one line naming the file and field for %s', (_, text, pattern) => {
    const path = file('bad.json', text);
    const { status, stdout, stderr } = cliProcess(['plan', path]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(path);
    expect(stderr).toMatch(pattern);
  });

  it('exits 2 for a missing file and for unknown flags, without a stack trace', () => {
    const missing = cliProcess(['plan', join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read the file \(no such file\)/);
    const flag = cliProcess(['plan', '--fast']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    expect(cliProcess(['plan', '--engine', 'gpu']).stderr).toMatch(/--engine must be one of wasm, ts/);
  });

  it('exits 1 with the reason when no plan exists', () => {
    const path = file('infeasible.json', JSON.stringify({ model: { time: [1, 1], memory: [5, 900] }, devices: [{ id: 'a', memory: 582 }] }));
    const { status, stderr } = cliProcess(['plan', path]);
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(`dnnpipe: ${path}: no valid plan: unit 2 alone needs 900 MB (model.memory[1]); the largest device, "a", has 582 MB`);
  });

  it('--help lists every command and exit code; no command or an unknown one is one line, exit 2', () => {
    const help = cliProcess(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/dnnpipe plan \[FILE\]/);
    expect(help.stdout).toMatch(/dnnpipe simulate \[FILE\]/);
    expect(help.stdout).toMatch(/4 standard output closed or full/);
    for (const args of [[], ['frobnicate']]) {
      const result = cliProcess(args);
      expect(result.status).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/try: dnnpipe --help/);
    }
  });
});
