/**
 * The protobuf wire format, as much as ONNX needs: reading a message into its fields without
 * decoding what is not asked for, and writing messages from fields and verbatim byte spans.
 * Keeping each field's raw bytes is what lets a split copy nodes, weights and model metadata
 * unchanged, including fields newer than this reader knows.
 */

/** Wire types of the protobuf encoding. */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** One field of a message as it appears on the wire. */
export interface WireField {
  /** Field number from the schema. */
  number: number;
  /** How the value is encoded (one of the `WIRE_*` constants). */
  wireType: number;
  /** The value of a varint field (int64 as a JS number; exact up to 2^53, negatives sign-corrected). */
  varint: number;
  /** The payload of a length-delimited field (a view into the input, not a copy). */
  data: Uint8Array;
  /** The whole field, tag included, for copying it verbatim. */
  raw: Uint8Array;
}

/** Malformed protobuf bytes; `offset` is where reading failed. */
export class WireError extends Error {
  override readonly name = 'WireError';
  readonly offset: number;
  /** @param offset - byte offset in the message @param message - what was wrong */
  constructor(offset: number, message: string) {
    super(`${message} at byte ${offset}`);
    this.offset = offset;
  }
}

const EMPTY: Uint8Array = new Uint8Array(0);
const TWO_POW_64 = 18446744073709551616;
const TWO_POW_63 = 9223372036854775808;

/** Reads a varint at `pos`; returns [value, next position]. */
function readVarint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= bytes.length) throw new WireError(pos, 'truncated varint');
    const byte = bytes[pos++] as number;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      // int64 negatives are ten-byte two's complement; only small ones (like -1) occur in ONNX.
      return [value >= TWO_POW_63 ? value - TWO_POW_64 : value, pos];
    }
    scale *= 128;
  }
  throw new WireError(pos, 'varint longer than 10 bytes');
}

/**
 * Splits a message into its fields, in wire order.
 * @param bytes - one encoded message
 * @returns every field, with views into `bytes`
 * @throws WireError when the bytes are not a well-formed message
 */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const [tag, afterTag] = readVarint(bytes, pos);
    pos = afterTag;
    const number = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (number < 1) throw new WireError(start, 'field number 0');
    let varint = 0;
    let data: Uint8Array = EMPTY;
    if (wireType === WIRE_VARINT) {
      [varint, pos] = readVarint(bytes, pos);
    } else if (wireType === WIRE_FIXED64) {
      data = bytes.subarray(pos, pos + 8);
      pos += 8;
    } else if (wireType === WIRE_FIXED32) {
      data = bytes.subarray(pos, pos + 4);
      pos += 4;
    } else if (wireType === WIRE_BYTES) {
      const [length, afterLength] = readVarint(bytes, pos);
      if (length < 0 || afterLength + length > bytes.length) throw new WireError(pos, 'length runs past the end');
      data = bytes.subarray(afterLength, afterLength + length);
      pos = afterLength + length;
    } else {
      throw new WireError(start, `unsupported wire type ${wireType}`);
    }
    if (pos > bytes.length) throw new WireError(start, 'field runs past the end');
    fields.push({ number, wireType, varint, data, raw: bytes.subarray(start, pos) });
  }
  return fields;
}

/**
 * Values of a repeated integer field, packed or not.
 * @param fields - the message's fields
 * @param number - the field number
 */
export function repeatedVarints(fields: readonly WireField[], number: number): number[] {
  const values: number[] = [];
  for (const field of fields) {
    if (field.number !== number) continue;
    if (field.wireType === WIRE_VARINT) values.push(field.varint);
    else if (field.wireType === WIRE_BYTES) {
      let pos = 0;
      while (pos < field.data.length) {
        const [value, next] = readVarint(field.data, pos);
        values.push(value);
        pos = next;
      }
    }
  }
  return values;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A length-delimited field's payload as UTF-8 text. */
export function text(field: WireField): string {
  return decoder.decode(field.data);
}

/** Builds one message from fields appended in order. */
export class MessageWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /** Appends bytes that already are complete encoded fields. */
  raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }

  private varint(value: number): void {
    const out: number[] = [];
    let rest = value < 0 ? value + TWO_POW_64 : value;
    while (rest >= 128) {
      out.push((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    out.push(rest);
    this.raw(Uint8Array.from(out));
  }

  /** Appends an integer field. */
  int(number: number, value: number): this {
    this.varint(number * 8 + WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** Appends a 32-bit float field. */
  float(number: number, value: number): this {
    this.varint(number * 8 + WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.raw(bytes);
  }

  /** Appends a length-delimited field: bytes, a string or a nested message. */
  bytes(number: number, value: Uint8Array | string | MessageWriter): this {
    const payload = typeof value === 'string' ? encoder.encode(value) : value instanceof MessageWriter ? value.finish() : value;
    this.varint(number * 8 + WIRE_BYTES);
    this.varint(payload.length);
    return this.raw(payload);
  }

  /** The encoded message. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let pos = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, pos);
      pos += chunk.length;
    }
    return out;
  }
}
