/** Benchmark inputs: the DNNPipe fixture and seeded synthetic clusters. */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromDnnpipeConfig, fromPipeEdge, type Device, type Link, type Problem } from '../src/index.js';
import type { PipeEdgeBaselineInput } from './baselines/pipeedge-dp.js';
import { rng } from './rng.js';

/** A file of the package, whether this module runs from bench/ (vitest) or dist-bench/bench/ (npm run bench). */
function packageFile(path: string): URL {
  const here = new URL('../', import.meta.url);
  const root = existsSync(new URL('package.json', here)) ? here : new URL('../../', import.meta.url);
  return new URL(path, root);
}


/** A Problem JSON from examples/. */
export function exampleProblem(file: string): Problem {
  return JSON.parse(readFileSync(packageFile(`examples/${file}`), 'utf8')) as Problem;
}

/**
 * Six boards of two kinds (three of each) on one switch (1000 Mbit/s), a camera endpoint that
 * feeds them, and a laptop on WiFi (per-pair links, 40 Mbit/s and 2 ms) that is the sink; random
 * unit times and activations. The boards of a kind stay one kind: alike as link ends.
 */
export function switchedCluster(units: number): Problem {
  const r = rng(units);
  const time = Array.from({ length: units }, () => 0.05 + r());
  const outputBytes = Array.from({ length: units }, () => Math.round(2 ** 16 + r() * 2 ** 21));
  const boards = ['nano-0', 'nano-1', 'nano-2', 'pi-0', 'pi-1', 'pi-2'];
  return {
    model: { time, outputBytes, inputBytes: 150_528 },
    devices: [
      { id: 'camera', compute: false, bandwidth: 1000 },
      ...boards.map((id) => ({ id, speed: id.startsWith('nano') ? 1 : 0.3, memory: 4000, bandwidth: 1000 })),
      { id: 'laptop', speed: 2, memory: 16000, bandwidth: 1000 },
    ],
    links: [...boards, 'camera'].map((id) => ({ from: id, to: 'laptop', bandwidth: 40, latency: 2 })),
    source: 'camera',
    sink: 'laptop',
  };
}

/** The EfficientNetV2-B0 config published with DNNPipe (273 units, 4 devices). */
export function effnetProblem(): Problem {
  return fromDnnpipeConfig(JSON.parse(readFileSync(packageFile('examples/effnetv2b0.dnnpipe.json'), 'utf8')));
}

export interface ClusterShape {
  units: number;
  /** Devices per kind; distinct devices are kinds of 1. */
  kinds: number[];
  /** When set, each device holds about this share of the model's memory (binding limits). */
  memoryShare?: number;
  seed: number;
}

/**
 * Random unit times (0.05–1 ms, a few heavy units), distinct random speeds (0.2–2) per kind, and
 * unit memory 1–20 MB. Without `memoryShare` memory never binds.
 */
export function syntheticProblem(shape: ClusterShape): Problem {
  const r = rng(shape.seed);
  const time = Array.from({ length: shape.units }, () => (r() < 0.05 ? 1 + r() * 3 : 0.05 + r() * 0.95));
  const memory = Array.from({ length: shape.units }, () => 1 + Math.round(r() * 190) / 10);
  const total = memory.reduce((a, b) => a + b, 0);
  const devices: Device[] = [];
  shape.kinds.forEach((count, kind) => {
    const speed = 0.2 + Math.round(r() * 1800) / 1000;
    const capacity = shape.memoryShare === undefined ? undefined : Math.round(total * shape.memoryShare * (0.7 + r() * 0.6));
    for (let i = 0; i < count; i++) {
      devices.push({ id: `k${kind}-${i}`, speed, ...(capacity === undefined ? {} : { memory: capacity }) });
    }
  });
  return { model: { name: `synthetic-${shape.units}`, time, memory }, devices };
}

/**
 * A linked cluster, the general DP's kind of problem: devices of random speed (0.2–1.7) and
 * memory (200–600 MB), half the pairs linked (20–920 Mbit/s, 0–2 ms), the rest falling back to
 * each device's bandwidth, activations of 10 kB–1 MB after every unit, and a camera on d0.
 */
export function linkedCluster(devices: number, units: number, seed: number): Problem {
  const r = rng(seed);
  const ids = Array.from({ length: devices }, (_, i) => `d${i}`);
  const links = [];
  for (let i = 0; i < devices; i++) {
    for (let j = i + 1; j < devices; j++) if (r() < 0.5) links.push({ from: ids[i]!, to: ids[j]!, bandwidth: 20 + r() * 900, latency: r() * 2 });
  }
  return {
    model: {
      time: Array.from({ length: units }, () => 0.1 + r()),
      memory: Array.from({ length: units }, () => 1 + r() * 5),
      outputBytes: Array.from({ length: units }, () => Math.floor(1e4 + r() * 1e6)),
      inputBytes: 150_528,
    },
    devices: ids.map((id) => ({ id, speed: 0.2 + r() * 1.5, memory: 200 + r() * 400, bandwidth: 50 + r() * 500 })),
    links,
    source: 'd0',
  };
}

/** DNNPipe's input shape for the paper-DP baseline. */
export function paperInput(problem: Problem) {
  return {
    time: problem.model.time as number[],
    memory: (problem.model.memory ?? problem.model.time!.map(() => 0)) as number[],
    speed: problem.devices.map((d) => d.speed ?? 1),
    capacity: problem.devices.map((d) => (d.memory === undefined ? Infinity : d.memory + 1e-9 * Math.max(1, d.memory))),
  };
}

/** PipeEdge's documented example files (test/fixtures), optionally with every bandwidth scaled. */
export function pipeEdgeFiles(bandwidthScale = 1): { models: any; deviceTypes: any; devices: any } {
  const read = (name: string): any => parse(readFileSync(packageFile(`test/fixtures/pipeedge-${name}.yml`), 'utf8'));
  const deviceTypes = read('device_types');
  for (const type of Object.values(deviceTypes) as { bw_Mbps: number }[]) type.bw_Mbps *= bandwidthScale;
  return { models: read('models'), deviceTypes, devices: read('devices') };
}

/** The same inputs as dnnpipe's Problem (ms, SI Mbit/s) and as the PipeEdge baseline's (s, 2^20 bit). */
export function pipeEdgeCase(modelName: string, bandwidthScale = 1): { problem: Problem; baseline: PipeEdgeBaselineInput } {
  const files = pipeEdgeFiles(bandwidthScale);
  const problem = fromPipeEdge(files, { modelName });
  const model = files.models[modelName];
  const types = Object.keys(files.deviceTypes).sort()
    .filter((name) => files.devices[name] && files.deviceTypes[name].model_profiles?.[modelName])
    .map((name) => {
      const type = files.deviceTypes[name];
      const profile = type.model_profiles[modelName].find((p: any) => p.batch_size === 8 && p.dtype === 'torch.float32');
      return { memMB: type.mem_MB, bwMbps: type.bw_Mbps, timeS: profile.time_s, count: files.devices[name].length };
    });
  return {
    problem,
    baseline: { parametersIn: model.parameters_in, parametersOut: model.parameters_out, memMB: model.mem_MB, types, dtypeSize: 4, batchSize: 8, buffersIn: 2, buffersOut: 2 },
  };
}

/**
 * `n` devices of equal speed, each linked to the next at the bandwidths' rate and to `hub` (named
 * last, an endpoint) at its own rate: told apart only by that last link (the s28 hunt's grouping
 * case, cubic in the devices before; bench/worst-hunt-s28.ts, test/review-s28-grouping.test.ts).
 */
export function linkedByHub(n: number): Problem {
  const devices: Device[] = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, bandwidth: 100 }));
  devices.push({ id: 'hub', bandwidth: 100, compute: false });
  const links: Link[] = [];
  for (let i = 0; i + 1 < n; i++) links.push({ from: `d${i}`, to: `d${i + 1}`, bandwidth: 100 });
  for (let i = 0; i < n; i++) links.push({ from: `d${i}`, to: 'hub', bandwidth: 1 + i });
  return { model: { time: new Array<number>(10).fill(1), outputBytes: new Array<number>(10).fill(1000) }, devices, links };
}
