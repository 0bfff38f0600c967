/**
 * The one error type of `dnnpipe/onnx`. Every failure a user can cause (a file that is not ONNX,
 * an operator or opset the runtime cannot run, a shape that cannot be resolved, a plan that does
 * not fit the model) is an `OnnxError` whose `kind` says which, and whose message a person can act on.
 */

/** What went wrong, for callers that branch on it. */
export type OnnxErrorKind = 'format' | 'unsupported' | 'shape' | 'plan' | 'runtime';

/** A model, plan or option that `dnnpipe/onnx` cannot work with. */
export class OnnxError extends Error {
  override readonly name = 'OnnxError';
  /** Which kind of failure this is. */
  readonly kind: OnnxErrorKind;

  /**
   * @param kind - the kind of failure
   * @param message - what is wrong and what would work
   */
  constructor(kind: OnnxErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
