/**
 * `dnnpipe onnx inspect | profile | split | merge`: the ONNX workflow from the command line.
 * Exit codes: 0 done, 2 bad input or usage (one line `dnnpipe: ...` on stderr, no stack trace),
 * 3 an internal error (4, standard output closed or full, is set by the executable, src/bin.ts).
 * Progress goes to stderr, results to stdout.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from '../cli/errors.js';
import { readInputFile } from '../cli/files.js';
import { repeatedFlag } from '../cli/flags.js';
import { flagError, parseJsonFile } from '../cli/input.js';
import { escapeJson, escapeLine } from '../cli/terminal.js';
import { ProblemError } from '../errors.js';
import { lineAndColumn, scanJson } from '../json-location.js';
import { OnnxError } from './errors.js';
import { inspectOnnx, type InspectOptions, type OnnxUnits } from './inspect.js';
import { MergeError, mergeProfiles, readPlanStages } from './plan-files.js';
import { profileOnnx } from './profile.js';
import { splitOnnxParts, type OnnxPart } from './split.js';

const USAGE = `usage:
  dnnpipe onnx inspect MODEL.onnx [--shape NAME=1x3x224x224] [--max-units K] [--json]
  dnnpipe onnx profile MODEL.onnx --device ID [--runs N] [--warmup N] [--memory MB]
                       [--bandwidth MBIT] [--shape ...] [--max-units K]
  dnnpipe onnx split MODEL.onnx PLAN.json --out DIR [--shape ...] [--max-units K]
  dnnpipe onnx merge INSPECT.json DEVICE.json|CLUSTER.json ...

  inspect  units between cut points: weight MB, bytes crossing each cut, node names;
           --json prints a Problem "model" (without time) and the units
  profile  measured ms per unit on this machine, as a device entry {"id", "time"}
  split    one .onnx per stage of PLAN.json (dnnpipe plan --json, or DNNPipe's
           pipeline_plan.json) and manifest.json, written into the new directory DIR
  merge    one Problem from inspect --json, the device entries of each board, and
           cluster files holding any of devices, links, source, sink, options
  --shape NAME=AxBxC   shape of an input with dynamic dimensions (repeatable)
  --max-units K        keep the K-1 cut points with the least crossing bytes
Use the same --shape and --max-units in every step, so units line up.
Exit codes: 0 done, 2 bad input or usage, 3 internal error,
4 standard output closed or full.`;

/** Where the command writes; `process.stdout`/`stderr` in the binary, buffers in tests. */
export interface OnnxCliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

class UsageError extends Error {}

/** Makes text safe for a terminal: control characters become visible escapes (src/cli/terminal.ts). */
const safe = escapeLine;

const FLAGS = {
  shape: { type: 'string', multiple: true },
  'max-units': { type: 'string' },
  json: { type: 'boolean' },
  device: { type: 'string' },
  runs: { type: 'string' },
  warmup: { type: 'string' },
  memory: { type: 'string' },
  bandwidth: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS; allowPositionals: true }>>['values'];

function whole(value: string | undefined, flag: string, least: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < least) throw new UsageError(`${flag} must be a whole number ≥ ${least}, got "${safe(value)}"`);
  return Number(value);
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new UsageError(`${flag} must be a positive number, got "${safe(value)}"`);
  return number;
}

/** `--shape x=1x3x224x224` flags as input shapes. */
function shapes(values: readonly string[] | undefined): Record<string, number[]> | undefined {
  if (!values || values.length === 0) return undefined;
  const result = new Map<string, number[]>();
  for (const value of values) {
    const at = value.lastIndexOf('=');
    const dims = value.slice(at + 1);
    if (at <= 0 || !/^\d+(x\d+)*$/.test(dims)) throw new UsageError(`--shape must look like NAME=1x3x224x224, got "${safe(value)}"`);
    const name = value.slice(0, at);
    // One --shape per input: a second one is a mistake to point out, not a value that wins.
    if (result.has(name)) throw new UsageError(`--shape gives input "${safe(name)}" twice (${(result.get(name) as number[]).join('x')} and ${dims}); give each input once`);
    result.set(name, dims.split('x').map(Number));
  }
  return Object.fromEntries(result);
}

/**
 * Reads a model file. Models may be far larger than the CLI's 64 MiB text inputs, so this reads
 * them itself; but a path it cannot read (missing, a directory, a FIFO) is handed to the CLI's own
 * reader, which refuses it in the words `dnnpipe plan` uses.
 */
function readBytes(path: string): Uint8Array {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (fstatSync(fd).isFile()) return readFileSync(fd);
  } catch {
    // Worded below.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  readInputFile(path, safe(path));
  throw new UsageError(`${safe(path)}: cannot read the file`);
}

/**
 * Reads a JSON input (a device entry, a cluster file, a plan) as \`dnnpipe plan\` reads its own:
 * regular files of at most 64 MiB, UTF-8, a key given twice in one object refused with its line and column.
 */
function readJson(path: string): unknown {
  return parseJsonFile(readInputFile(path, safe(path)).text, safe(path));
}

/**
 * Reads \`inspect --json\`'s output. Its \`tensorBytes\` has a key per crossing tensor, so a model of a
 * few thousand nodes passes the 1,000 keys per object that a Problem's files are held to: only the
 * checks that apply to any JSON are made (a key given twice, with its line and column).
 */
function readInspected(path: string): unknown {
  const text = readInputFile(path, safe(path)).text;
  const scan = scanJson(text);
  if (scan.kind === 'duplicate-key' || scan.kind === 'invalid') {
    const { line, column } = lineAndColumn(text, scan.offset);
    const what = scan.kind === 'duplicate-key' ? `duplicate key ${JSON.stringify(scan.key)}` : 'invalid JSON';
    throw new UsageError(`${safe(path)}: ${safe(what)} at line ${line}, column ${column}${scan.kind === 'duplicate-key' ? '; each key may appear once per object' : ''}`);
  }
  return JSON.parse(text) as unknown;
}

function inspectOptions(values: Flags, out: OnnxCliOutput): InspectOptions {
  const options: InspectOptions = { onStep: (message) => out.stderr(`dnnpipe: ${safe(message)}\n`) };
  const inputShapes = shapes(values.shape);
  if (inputShapes) options.inputShapes = inputShapes;
  const maxUnits = whole(values['max-units'], '--max-units', 1);
  if (maxUnits !== undefined) options.maxUnits = maxUnits;
  return options;
}

function megabytes(mb: number): string {
  return mb === 0 ? '0' : mb < 0.01 ? mb.toExponential(1) : mb.toFixed(2);
}

/** The readable table of `inspect`. */
function formatUnits(units: OnnxUnits, label: string): string {
  const lines = [
    `${safe(label)}: ${units.nodeCount} nodes, ${units.units.length} units; tensor sizes from ${units.sizesFrom === 'model' ? "the model's declared shapes" : 'one run of the model here'}`,
    `inputs: ${units.inputs.map((i) => `${safe(i.name)} ${i.shape.join('x')}`).join(', ')} (${units.model.inputBytes} bytes)`,
    '',
    ' unit  nodes  weights MB   out bytes  crossing tensors  name',
  ];
  units.units.forEach((unit, k) => {
    const crossing = unit.crossing.length <= 3 ? unit.crossing.join(', ') : `${unit.crossing.slice(0, 2).join(', ')} +${unit.crossing.length - 2}`;
    lines.push(`${String(k + 1).padStart(5)}  ${String(unit.nodes.length).padStart(5)}  ${megabytes(unit.memory).padStart(10)}  ${String(unit.outputBytes).padStart(10)}  ${safe(crossing).padEnd(16)}  ${safe(unit.name)}`);
  });
  lines.push('', 'memory counts the weights each unit reads; a weight read by two units counts in both.');
  return `${lines.join('\n')}\n`;
}

async function inspectCommand(values: Flags, positionals: string[], out: OnnxCliOutput): Promise<void> {
  if (positionals.length !== 1) throw new UsageError('inspect takes one MODEL.onnx');
  const path = positionals[0] as string;
  const units = await withFile(path, () => inspectOnnx(readBytes(path), inspectOptions(values, out)));
  if (values.json) out.stdout(`${escapeJson(JSON.stringify(units, null, 2))}\n`);
  else out.stdout(formatUnits(units, basename(path)));
}

async function profileCommand(values: Flags, positionals: string[], out: OnnxCliOutput): Promise<void> {
  if (positionals.length !== 1) throw new UsageError('profile takes one MODEL.onnx');
  if (values.device === undefined || values.device === '') throw new UsageError('profile needs --device ID, the id of this device in the Problem');
  const path = positionals[0] as string;
  const runs = whole(values.runs, '--runs', 1);
  const warmup = whole(values.warmup, '--warmup', 0);
  const memory = positive(values.memory, '--memory');
  const bandwidth = positive(values.bandwidth, '--bandwidth');
  let lastLine = performance.now();
  const time = await withFile(path, () =>
    profileOnnx(readBytes(path), {
      ...inspectOptions(values, out),
      ...(runs === undefined ? {} : { runs }),
      ...(warmup === undefined ? {} : { warmup }),
      onProgress: (unit, count, ms) => {
        const now = performance.now();
        // At most one line a second, and always the last.
        if (now - lastLine >= 1000 || unit === count) {
          out.stderr(`dnnpipe: profiled unit ${unit} of ${count} (${ms.toFixed(3)} ms)\n`);
          lastLine = now;
        }
      },
    }),
  );
  const entry = { id: values.device, time, ...(memory === undefined ? {} : { memory }), ...(bandwidth === undefined ? {} : { bandwidth }) };
  out.stdout(`${escapeJson(JSON.stringify(entry))}\n`);
}

/** What `split` writes beside the parts. */
function manifest(model: string, parts: OnnxPart[], units: OnnxUnits, options: InspectOptions): unknown {
  const who = (i: number): { part: number; device?: string } => ({ part: i + 1, ...(parts[i]?.device === undefined ? {} : { device: parts[i]?.device }) });
  return {
    model,
    units: units.units.length,
    ...(options.maxUnits === undefined ? {} : { maxUnits: options.maxUnits }),
    inputShapes: Object.fromEntries(units.inputs.map((i) => [i.name, i.shape])),
    parts: parts.map((part, i) => ({
      file: `part-${i + 1}.onnx`,
      ...(part.device === undefined ? {} : { device: part.device }),
      units: { first: part.start + 1, last: part.end },
      nodes: part.nodeEnd - part.nodeStart,
      inputs: part.inputs,
      receivesFrom: i === 0 ? 'model input' : who(i - 1),
      outputs: part.outputs,
      sendsTo: i === parts.length - 1 ? 'model output' : who(i + 1),
      sendBytes: part.outputBytes,
    })),
  };
}

/** What a failed file system call says, in words where the code is a common one. */
function inWords(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    case 'EEXIST': return 'it exists now';
    case 'ENOSPC': return 'no space left on the device';
    case 'EROFS': return 'a read-only file system';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/**
 * Refuses an \`--out\` that names anything at all, a symbolic link included (even one to nothing:
 * renaming onto it would replace the link), or whose parent is not a directory; before any work.
 */
function checkNewDirectory(given: string, target: string): void {
  let link: string | undefined;
  try {
    const stats = lstatSync(target);
    if (stats.isSymbolicLink()) link = readlinkSync(target);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw new UsageError(`--out ${safe(given)}: cannot use it (${safe(inWords(error))})`);
    let parent: ReturnType<typeof statSync> | undefined;
    try {
      parent = statSync(dirname(target));
    } catch (inner) {
      throw new UsageError(`--out ${safe(given)}: cannot create it in ${safe(dirname(target))} (${safe(inWords(inner))})`);
    }
    if (!parent.isDirectory()) throw new UsageError(`--out ${safe(given)}: cannot create it in ${safe(dirname(target))} (not a directory)`);
    return;
  }
  const what = link === undefined ? '' : `, as a symbolic link to ${safe(link)}`;
  throw new UsageError(`--out ${safe(given)} already exists${what}; name a new directory (nothing is overwritten)`);
}

async function splitCommand(values: Flags, positionals: string[], out: OnnxCliOutput): Promise<void> {
  if (positionals.length !== 2) throw new UsageError('split takes MODEL.onnx and PLAN.json');
  if (values.out === undefined || values.out === '') throw new UsageError('split needs --out DIR, a directory that does not exist yet');
  const [modelPath, planPath] = positionals as [string, string];
  const target = resolve(values.out);
  checkNewDirectory(values.out, target);
  const stages = await withFile(planPath, async () => readPlanStages(readJson(planPath)));
  const options = inspectOptions(values, out);
  // Stages that do not fit the model's units are the plan file's fault, and named so.
  const { parts, units } = await withFile(modelPath, () => splitOnnxParts(readBytes(modelPath), stages, options), planPath);
  // Everything goes into a fresh sibling directory first, renamed into place only when complete.
  const temporary = join(dirname(target), `.${basename(target)}.partial-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(temporary, { recursive: true });
    parts.forEach((part, i) => writeFileSync(join(temporary, `part-${i + 1}.onnx`), part.model));
    writeFileSync(join(temporary, 'manifest.json'), `${escapeJson(JSON.stringify(manifest(basename(modelPath), parts, units, options), null, 2))}\n`);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw new UsageError(`--out ${safe(values.out)}: cannot write the parts (${safe(inWords(error))})`);
  }
  out.stderr(`dnnpipe: wrote ${parts.length} parts and manifest.json to ${safe(values.out)}\n`);
}

async function mergeCommand(positionals: string[], out: OnnxCliOutput): Promise<void> {
  if (positionals.length < 2) throw new UsageError('merge takes INSPECT.json and at least one DEVICE.json');
  const [inspected, ...pieces] = positionals as [string, ...string[]];
  let problem;
  try {
    problem = mergeProfiles(readInspected(inspected), pieces.map(readJson));
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    // Named by the file it came from; the field as it sits in the merged Problem.
    const file = error.piece === 'inspected' ? inspected : error.piece === undefined ? undefined : pieces[error.piece];
    const field = error.path === '' ? '' : `${error.path}: `;
    const detail = error.also === undefined ? error.detail : `is given by ${pieces[error.also] as string} too; give it in one file`;
    throw new UsageError(`${file === undefined ? '' : `${safe(file)}: `}${safe(field + detail)}`);
  }
  out.stdout(`${escapeJson(JSON.stringify(problem, null, 2))}\n`);
}

/** Prefixes errors about a file with its name (`planPath`'s for errors of kind `plan`, when given). */
async function withFile<T>(path: string, work: () => Promise<T>, planPath?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OnnxError) throw new UsageError(`${safe(error.kind === 'plan' && planPath !== undefined ? planPath : path)}: ${safe(error.message)}`);
    throw error;
  }
}

/**
 * Runs `dnnpipe onnx ...`.
 * @param argv - the words after `dnnpipe onnx`
 * @param out - where to print
 * @returns the exit code: 0 done, 2 bad input or usage, 3 internal error
 */
export async function onnxCommand(argv: string[], out: OnnxCliOutput): Promise<number> {
  try {
    const [command, ...rest] = argv;
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: FLAGS, allowPositionals: true, strict: true, tokens: true });
    } catch (error) {
      // In the command line's words, as `dnnpipe plan` says them (not Node's parseArgs text).
      throw flagError(error, rest, FLAGS, 'dnnpipe onnx --help');
    }
    const { values, positionals, tokens } = parsed;
    const repeated = repeatedFlag(tokens, FLAGS);
    if (repeated !== undefined) throw new UsageError(`${repeated} is given more than once; give it once`);
    if (command === undefined || command === 'help' || command === '--help' || command === '-h' || values.help) {
      out.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    switch (command) {
      case 'inspect': await inspectCommand(values, positionals, out); break;
      case 'profile': await profileCommand(values, positionals, out); break;
      case 'split': await splitCommand(values, positionals, out); break;
      case 'merge': await mergeCommand(positionals, out); break;
      default: throw new UsageError(`unknown command "onnx ${safe(command)}"; use inspect, profile, split or merge`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) out.stderr(`dnnpipe: ${error.message}\n`);
    else if (error instanceof CliError) {
      // From the CLI's own readers; escaping again changes nothing already escaped.
      out.stderr(`dnnpipe: ${safe(error.message)}\n`);
      return error.exitCode;
    }
    else if (error instanceof OnnxError || error instanceof ProblemError) out.stderr(`dnnpipe: ${safe(error.message)}\n`);
    else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) out.stderr(`dnnpipe: ${safe((error as Error).message.replace(/\s*\n\s*/g, ' '))}\n`);
    else {
      out.stderr(`dnnpipe: internal error, please report it: ${safe(error instanceof Error ? error.message : String(error))}\n`);
      return 3;
    }
    return 2;
  }
}
