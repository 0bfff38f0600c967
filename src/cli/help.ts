/**
 * `dnnpipe --help` and each command's own `dnnpipe COMMAND --help` (README, "The command line"):
 * the option lines live here once; a command lists the ones it takes (`Command.options`).
 */
import { MAX_INPUT_BYTES } from './files.js';

/** One option's help: its lines, and what a command may say instead (`--json` means its own output). */
interface OptionHelp {
  lines: string;
  by?: Readonly<Record<string, string>>;
}

const PICTURE = 'also write a picture: frames flowing through the stages, and the\n                throughput against each single device; FILE - prints it';

/** sched-pipeline's flags, which `--pipeedge` takes, with its defaults (README, "PipeEdge"). */
const PIPEEDGE_FLAGS = `    -M, -T, -D FILE  models.yml, device_types.yml, devices.yml (default: those names)
    -m MODEL  google/vit-base-patch16-224    -b BATCH  8 (at least 1)
    -d DTYPE  torch.float32                  -i N, -o N  buffers in and out, 2 and 2`;

/** Every option of `plan`, `simulate` and `frontier`, in the order help lists them. */
export const OPTION_HELP: Readonly<Record<string, OptionHelp>> = {
  json: {
    lines: '  --json        print the plan (simulate: the plan and the simulation) as JSON',
    by: {
      plan: '  --json        print the plan as JSON',
      simulate: '  --json        print the plan and the simulation as JSON',
      frontier: '  --json        print every plan of the frontier as JSON',
    },
  },
  out: { lines: "  --out FILE    also write DNNPipe's pipeline_plan.json (1-based, inclusive units);\n                FILE - prints it instead of the table" },
  svg: {
    lines: `  --svg FILE    ${PICTURE}`,
    by: { frontier: '  --svg FILE    also write a picture: throughput against latency, every plan labelled\n                and the chosen one marked; FILE - prints it' },
  },
  all: { lines: '  --all         frontier: print every plan (a frontier of more than 64 shows at most 64)', by: { frontier: '  --all         print every plan (the table shows at most 64, spread along the frontier)' } },
  frames: { lines: '  --frames N    frames to stream through the plan (default 32)' },
  without: { lines: '  --without ID  plan as if this device were gone (what-if); repeat it for more, or\n                give ID,ID; a value that is exactly a device\'s id names that device' },
  'max-latency': { lines: '  --max-latency MS  the least bottleneck among plans of at most this latency', by: { frontier: '  --max-latency MS  only the plans of at most this latency' } },
  'max-stages': { lines: '  --max-stages K    at most K stages' },
  first: { lines: '  --first ID, --last ID  the device that must run the first (last) stage' },
  engine: { lines: '  --engine wasm|ts  the WebAssembly kernel (default) or the TypeScript engine' },
  algorithm: { lines: "  --algorithm auto|dnnpipe  auto (default) or the paper's DP made safe; both exact" },
  secondary: { lines: '  --secondary latency|none  among least-bottleneck plans, the least latency (default)\n                or the fewest stages' },
  transfer: { lines: '  --transfer overlap|serial  each link a pipeline stage of its own (default), or a\n                device sends its own output within its stage' },
  pipeedge: {
    lines: `  --pipeedge    read PipeEdge's YAML files with sched-pipeline's flags and defaults,\n                and print its YAML schedule (- host: [first, last]; [] if none)\n${PIPEEDGE_FLAGS}`,
    by: {
      simulate: `  --pipeedge    read PipeEdge's YAML files with sched-pipeline's flags and defaults\n${PIPEEDGE_FLAGS}`,
      frontier: `  --pipeedge    read PipeEdge's YAML files with sched-pipeline's flags and defaults\n${PIPEEDGE_FLAGS}`,
    },
  },
};

/** The options every command shares with `plan` (README: "plan's options"). */
export const SHARED_OPTIONS = ['without', 'max-latency', 'max-stages', 'first', 'engine', 'algorithm', 'secondary', 'transfer', 'pipeedge'] as const;

const FILE_LINES = `FILE is a DNNPipe config.json or a native Problem JSON (at most ${MAX_INPUT_BYTES / (1024 * 1024)} MiB).
Without FILE, the bundled EfficientNetV2-B0 example (DNNPipe's published config) is planned.`;

const TAIL = `Files a command writes are replaced atomically and never when they are an input.
Exit codes: 0 done, 1 no valid plan, 2 bad input or usage, 3 internal error,
4 standard output closed or full.`;

/** `dnnpipe --help`: every command, every option. */
export function globalHelp(usages: readonly string[]): string {
  return `usage:
${usages.join('\n')}
  dnnpipe onnx inspect|profile|split|merge ...   (see dnnpipe onnx --help)
  dnnpipe --version

${FILE_LINES}
${Object.values(OPTION_HELP).map((option) => option.lines).join('\n')}
${TAIL}`;
}

/** `dnnpipe COMMAND --help`: its usage and the options it takes, in its own words. */
export function commandHelp(name: string, usage: string, options: readonly string[]): string {
  const lines = Object.keys(OPTION_HELP)
    .filter((key) => options.includes(key))
    .map((key) => OPTION_HELP[key]?.by?.[name] ?? OPTION_HELP[key]?.lines ?? '');
  return `usage:
${usage}

${FILE_LINES}
${lines.join('\n')}
${TAIL}`;
}
