/**
 * dnnpipe/onnx: from an ONNX model to a Problem's units, measured unit times, and deployable
 * per-stage parts. A separate entry point: the core `dnnpipe` entry never loads it. Running models
 * needs the optional peer dependency `onnxruntime-web`; parsing and splitting models whose shapes
 * are declared do not.
 */
export { inspectOnnx } from './inspect.js';
export { profileOnnx } from './profile.js';
export { splitOnnx, splitOnnxParts } from './split.js';
export { mergeProfiles, readPlanStages } from './plan-files.js';
export { OnnxError } from './errors.js';

export type { InspectOptions, OnnxUnit, OnnxUnits } from './inspect.js';
export type { ProfileOptions } from './profile.js';
export type { OnnxPart, StageRange } from './split.js';
export type { OnnxErrorKind } from './errors.js';
export type { GraphOptimization, InputShapes } from './options.js';
