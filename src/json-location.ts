/**
 * Where a JSON text goes wrong, as line and column, and the duplicate keys `JSON.parse` would
 * silently collapse (it keeps the last). `JSON.parse` on Node 20 often reports no position at all,
 * so the CLI runs this scanner once parsing has failed, and once more on success to find
 * duplicates. The scanner keeps its own stack instead of recursing, so any nesting depth that
 * `JSON.parse` accepts is scanned too.
 */

/** What a scan found: nothing, the offset of the first invalid character, or a repeated key. */
export type JsonScan =
  | { kind: 'valid' }
  | { kind: 'invalid'; offset: number }
  | { kind: 'duplicate-key'; offset: number; key: string };

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Scans a JSON text.
 * @param text - the text, without a byte order mark
 * @returns the first problem: an invalid character (offset `text.length` when the text ends
 *   early) or a key that appears twice in one object (offset of its second occurrence)
 */
export function scanJson(text: string): JsonScan {
  let i = 0;
  /** Open containers: the keys seen so far for an object, `null` for an array. */
  const open: (Set<string> | null)[] = [];
  const skipWhitespace = (): void => { while (i < text.length && WHITESPACE.has(text[i] as string)) i++; };
  /** Reads a string at `i` (which is `"`); returns its text including quotes, or -1 if invalid. */
  const string = (): number => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) return -1;
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return -1;
          i += 4;
        } else if (i >= text.length || !'"\\/bfnrt'.includes(text[i] as string)) return -1;
      }
      i++;
    }
    if (i >= text.length) return -1;
    i++;
    return start;
  };
  // After a value: close containers and find the next value or key.
  let expectKey = false;
  for (;;) {
    skipWhitespace();
    if (expectKey) {
      if (text[i] !== '"') return { kind: 'invalid', offset: Math.min(i, text.length) };
      const start = string();
      if (start < 0) return { kind: 'invalid', offset: Math.min(i, text.length) };
      const key = JSON.parse(text.slice(start, i)) as string;
      const keys = open[open.length - 1];
      if (keys?.has(key)) return { kind: 'duplicate-key', offset: start, key };
      keys?.add(key);
      skipWhitespace();
      if (text[i] !== ':') return { kind: 'invalid', offset: Math.min(i, text.length) };
      i++;
      skipWhitespace();
      expectKey = false;
    }
    // A value.
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      skipWhitespace();
      const close = c === '{' ? '}' : ']';
      if (text[i] === close) {
        i++;
      } else {
        open.push(c === '{' ? new Set() : null);
        expectKey = c === '{';
        continue;
      }
    } else if (c === '"') {
      if (string() < 0) return { kind: 'invalid', offset: Math.min(i, text.length) };
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      if (!text.startsWith(word, i)) return { kind: 'invalid', offset: i };
      i += word.length;
    } else {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) return { kind: 'invalid', offset: Math.min(i, text.length) };
      i += match[0].length;
    }
    // After the value: separators and closing brackets.
    for (;;) {
      skipWhitespace();
      if (open.length === 0) return i < text.length ? { kind: 'invalid', offset: i } : { kind: 'valid' };
      const inObject = open[open.length - 1] !== null;
      if (text[i] === ',') {
        i++;
        expectKey = inObject;
        break;
      }
      if (text[i] === (inObject ? '}' : ']')) {
        i++;
        open.pop();
        continue;
      }
      return { kind: 'invalid', offset: Math.min(i, text.length) };
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
