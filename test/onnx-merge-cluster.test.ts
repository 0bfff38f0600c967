/**
 * `mergeProfiles` and `dnnpipe onnx merge` with cluster files: the rest of a Problem (devices,
 * links, source, sink, options) beside single device entries, and errors that say which file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../src/index.js';
import { onnxCommand } from '../src/onnx/cli.js';
import { mergeProfiles } from '../src/onnx/index.js';
import { capture, type CliRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const inspected = { model: { memory: [1, 1, 1], outputBytes: [10, 10, 10], inputBytes: 10 } };
const here = { id: 'here', time: [1, 1, 1], bandwidth: 1000 };
const board = { devices: [{ id: 'board', time: [2, 2, 2], bandwidth: 1000 }, { id: 'cam', compute: false, bandwidth: 100 }], links: [{ from: 'cam', to: 'here', bandwidth: 50 }], source: 'cam', sink: 'here' };

function cli(...argv: string[]): Promise<CliRun> {
  return capture(onnxCommand, argv);
}

describe('mergeProfiles with cluster pieces', () => {
  it('keeps devices and links in the order given, and takes source, sink and options from the piece that has them', () => {
    const problem = mergeProfiles(inspected, [here, board, { links: [{ from: 'cam', to: 'board', bandwidth: 20 }], options: { transfer: 'serial' } }]);
    expect(problem.devices.map((d) => d.id)).toEqual(['here', 'board', 'cam']);
    expect(problem.links?.map((l) => l.to)).toEqual(['here', 'board']);
    expect(problem.source).toBe('cam');
    expect(problem.sink).toBe('here');
    expect(problem.options?.transfer).toBe('serial');
    expect(problem.model.time).toEqual([1, 1, 1]);
  });

  it('model.time is the first profiled device\'s, wherever it is', () => {
    const problem = mergeProfiles(inspected, [{ devices: [{ id: 'slow', speed: 0.5 }] }, { id: 'b', time: [3, 4, 5] }]);
    expect(problem.model.time).toEqual([3, 4, 5]);
  });

  it.each([
    [[here, { ...board, model: {} }], /^model: comes from the inspected model/],
    [[here, { devices: [], lnks: [] }], /^lnks: unknown field \(did you mean "links"\?\)/],
    [[here, board, { source: 'here' }], /^source: is given by pieces 2 and 3/],
    [[here, { devices: [{ id: 'here', speed: 2 }] }], /^devices\[1\]\.id: "here" is already the id of devices\[0\]/],
    [[here, { links: [{ from: 'here', to: 'nowhere', bandwidth: 1 }] }], /^links\[0\]\.to: "nowhere" is not a device id/],
  ])('refuses pieces that do not fit (%#), as a ProblemError naming the merged field', (pieces, message) => {
    let thrown: unknown;
    try {
      mergeProfiles(inspected, pieces);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemError);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('dnnpipe onnx merge names the file a bad field came from', () => {
  it.each([
    [{ links: [{ from: 'here', to: 'nowhere', bandwidth: 1 }] }, /^dnnpipe: \S+extra\.json: links\[1\]\.to: "nowhere" is not a device id\n$/],
    [{ source: 'here' }, /^dnnpipe: \S+extra\.json: source: is given by \S+board\.json too; give it in one file\n$/],
    [{ devices: [{ id: 'x', time: [1] }] }, /^dnnpipe: \S+extra\.json: devices\[3\]\.time: has 1 entry but the model has 3 units/],
  ])('%j', async (extra, message) => {
    const dir = tempDir('dnnpipe-onnx-merge-');
    const files = Object.entries({ 'units.json': inspected, 'here.json': here, 'board.json': board, 'extra.json': extra }).map(([name, value]) => {
      writeFileSync(join(dir, name), JSON.stringify(value));
      return join(dir, name);
    });
    const run = await cli('merge', ...files);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('an input that is not inspect --json is named', async () => {
    const dir = tempDir('dnnpipe-onnx-merge-');
    writeFileSync(join(dir, 'here.json'), JSON.stringify(here));
    const run = await cli('merge', join(dir, 'here.json'), join(dir, 'here.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/here\.json: expected the output of dnnpipe onnx inspect --json/);
  });
});
