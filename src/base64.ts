/**
 * A small base64 decoder: the core entry must run in realms without `atob` or `Buffer`
 * (a bare `node:vm` context, some embedded JavaScript engines). Where Node's `Buffer` exists it
 * decodes instead: the loop below runs once per process, cold, and took ≈ 2 ms of a one-shot
 * `dnnpipe plan` against ≈ 0.2 ms for `Buffer` (docs/benchmarks.md, "One-shot use").
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 (with `=` padding) to bytes. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const buffer = (globalThis as { Buffer?: { from(text: string, encoding: 'base64'): Uint8Array } }).Buffer;
  // A copy: a Buffer may be a view into a pool shared with other Buffers.
  if (buffer) return new Uint8Array(buffer.from(text, 'base64'));
  const values = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) values[ALPHABET.charCodeAt(i)] = i;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = ((values[text.charCodeAt(i)] ?? 0) << 18) | ((values[text.charCodeAt(i + 1)] ?? 0) << 12)
      | ((values[text.charCodeAt(i + 2)] ?? 0) << 6) | (values[text.charCodeAt(i + 3)] ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
