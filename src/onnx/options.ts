/** Option types shared by the ONNX modules, kept free of ONNX Runtime's types so that a consumer compiles without it. */

/** Input shapes by input name, as the user gives them, e.g. `{ x: [1, 3, 224, 224] }`. */
export type InputShapes = Record<string, readonly number[]>;

/**
 * ONNX Runtime's graph optimization level. Its fusions (e.g. a layer norm's nodes into one kernel)
 * reorder floating-point operations, so a whole model and its parts, fused differently, agree to
 * rounding; `'disabled'` runs every node as written, which makes them agree exactly.
 */
export type GraphOptimization = 'disabled' | 'basic' | 'extended' | 'all';
