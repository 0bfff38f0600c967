/**
 * Where a JSON text goes wrong, as line and column, and the duplicate keys `JSON.parse` would
 * silently collapse (it keeps the last). `JSON.parse` on Node 20 often reports no position at all,
 * so the CLI runs this scanner before parsing: for the position of an error, duplicates, and
 * objects of more keys than any input format has. The scanner keeps its own stack instead of recursing, so any nesting depth that
 * `JSON.parse` accepts is scanned too.
 */

/**
 * What a scan found: nothing, the offset of the first invalid character, a repeated key, or more
 * than the scan allows (at the first key past `keys` in one object or past `totalKeys` in the
 * text, or the first object or array past `containers` in the text).
 */
export type JsonScan =
  | { kind: 'valid' }
  | { kind: 'invalid'; offset: number }
  | { kind: 'duplicate-key'; offset: number; key: string }
  | { kind: 'too-many-keys'; offset: number }
  | { kind: 'too-many-keys-in-all'; offset: number }
  | { kind: 'too-many-containers'; offset: number };

/** How much a scanned text may hold before `JSON.parse` is allowed to build it. */
export interface JsonLimits {
  /** Most keys one object may have. */
  keys: number;
  /** Most keys in the whole text. */
  totalKeys: number;
  /** Most objects and arrays in the whole text. */
  containers: number;
}

const NO_LIMITS: JsonLimits = { keys: Infinity, totalKeys: Infinity, containers: Infinity };

// Character codes the scanner compares with (charCodeAt: no one-character strings per step).
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * Scans a JSON text.
 * @param text - the text, without a byte order mark
 * @param limits - what the text may hold: a scan that stops there refuses a file of millions of
 *   keys or arrays in a blink, where `JSON.parse` would build them all first (seconds)
 * @returns the first problem: an invalid character (offset `text.length` when the text ends
 *   early), a key that appears twice in one object (offset of its second occurrence), or the
 *   first key or container past the limits
 */
export function scanJson(text: string, limits: JsonLimits = NO_LIMITS): JsonScan {
  const length = text.length;
  let i = 0;
  let containers = 0;
  let keyCount = 0;
  /** Open containers: the keys seen so far for an object, `null` for an array. */
  const open: (Set<string> | null)[] = [];
  const skipWhitespace = (): void => {
    while (i < length && isWhitespace(text.charCodeAt(i))) i++;
  };
  /** Reads a string at `i` (which is `"`); returns its offset, or -1 if invalid. */
  const string = (): number => {
    const start = i;
    i++;
    for (;;) {
      if (i >= length) return -1;
      const code = text.charCodeAt(i);
      if (code === QUOTE) break;
      if (code < 0x20) return -1;
      if (code === BACKSLASH) {
        i++;
        const escape = text.charCodeAt(i);
        if (escape === 0x75) {
          // \uXXXX
          for (let h = 1; h <= 4; h++) if (!isHex(text.charCodeAt(i + h))) return -1;
          i += 4;
        } else if (!(escape === QUOTE || escape === BACKSLASH || escape === 0x2f || escape === 0x62 || escape === 0x66 || escape === 0x6e || escape === 0x72 || escape === 0x74)) {
          return -1;
        }
      }
      i++;
    }
    i++;
    return start;
  };
  /**
   * Reads a number at `i` (JSON's grammar); false, with `i` unmoved, if none starts there. Like a
   * regular expression with optional fraction and exponent, it stops before a `.` or `e` that
   * no digit follows, so the error is reported at that character.
   */
  const number = (): boolean => {
    const start = i;
    if (text.charCodeAt(i) === MINUS) i++;
    const first = text.charCodeAt(i);
    if (first === ZERO) i++;
    else if (isDigit(first)) while (isDigit(text.charCodeAt(i))) i++;
    else {
      i = start;
      return false;
    }
    if (text.charCodeAt(i) === DOT && isDigit(text.charCodeAt(i + 1))) {
      i += 2;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      let j = i + 1;
      const sign = text.charCodeAt(j);
      if (sign === PLUS || sign === MINUS) j++;
      if (isDigit(text.charCodeAt(j))) {
        i = j + 1;
        while (isDigit(text.charCodeAt(i))) i++;
      }
    }
    return true;
  };
  const invalid = (): JsonScan => ({ kind: 'invalid', offset: Math.min(i, length) });
  // After a value: close containers and find the next value or key.
  let expectKey = false;
  for (;;) {
    skipWhitespace();
    if (expectKey) {
      if (text.charCodeAt(i) !== QUOTE) return invalid();
      const start = string();
      if (start < 0) return invalid();
      const key = JSON.parse(text.slice(start, i)) as string;
      const keys = open[open.length - 1];
      if (keys?.has(key)) return { kind: 'duplicate-key', offset: start, key };
      if (keys && keys.size >= limits.keys) return { kind: 'too-many-keys', offset: start };
      if (++keyCount > limits.totalKeys) return { kind: 'too-many-keys-in-all', offset: start };
      keys?.add(key);
      skipWhitespace();
      if (text.charCodeAt(i) !== COLON) return invalid();
      i++;
      skipWhitespace();
      expectKey = false;
    }
    // A value.
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++containers > limits.containers) return { kind: 'too-many-containers', offset: i };
      i++;
      skipWhitespace();
      if (text.charCodeAt(i) === (c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        i++;
      } else {
        open.push(c === OPEN_OBJECT ? new Set() : null);
        expectKey = c === OPEN_OBJECT;
        continue;
      }
    } else if (c === QUOTE) {
      if (string() < 0) return invalid();
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      if (!text.startsWith(word, i)) return { kind: 'invalid', offset: i };
      i += word.length;
    } else if (!number()) {
      return invalid();
    }
    // After the value: separators and closing brackets.
    for (;;) {
      skipWhitespace();
      if (open.length === 0) return i < length ? { kind: 'invalid', offset: i } : { kind: 'valid' };
      const inObject = open[open.length - 1] !== null;
      const next = text.charCodeAt(i);
      if (next === COMMA) {
        i++;
        expectKey = inObject;
        break;
      }
      if (next === (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        i++;
        open.pop();
        continue;
      }
      return invalid();
    }
  }
}

/**
 * Offset of the first character that makes `text` invalid JSON (`text.length` if it ends early),
 * or -1 when it is valid.
 * @param text - the text, without a byte order mark
 */
export function jsonErrorOffset(text: string): number {
  const scan = scanJson(text);
  return scan.kind === 'invalid' ? scan.offset : -1;
}

/**
 * `line L, column C` (1-based) of an offset.
 * @param text - the text
 * @param offset - a UTF-16 offset into it
 */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
