/**
 * Escaping for text a person reads in a terminal. Ids, names, file names and echoed input can
 * hold control characters; printed raw they can fake table rows (newline, CR), clear the screen
 * or retitle the terminal (ESC, C1), or reorder what is shown (bidirectional overrides). Every
 * such character is shown as a visible escape instead, so the text reads the same everywhere.
 */

/**
 * C0 controls (NUL–US, including newline, CR and ESC), DEL, C1 controls, the Unicode line and
 * paragraph separators, every bidirectional control (Unicode's Bidi_Control: the embeddings,
 * overrides and isolates, and the marks U+061C, U+200E and U+200F, which reorder the digits and
 * punctuation around them), U+FEFF (a byte order mark, invisible inside text), and lone
 * surrogates (half a UTF-16 pair, which a terminal shows as U+FFFD: ids "w\ud800" and "w\udfff"
 * would print alike).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What `JSON.stringify` leaves raw; C0 is escaped inside strings and is whitespace outside them. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line of text safe to print: every control character (newlines too) becomes a visible escape
 * such as `\n`, `\x1b` or `\u202e`.
 * @param text - untrusted text (an id, a file name, a message that quotes input)
 */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * Text of several lines safe to print: each line is escaped as by `escapeLine`, and the line breaks
 * the text is made of are kept.
 * @param text - lines joined with `\n`
 */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeLine).join('\n');
}

/**
 * JSON text whose strings carry no raw control character: `JSON.stringify` already escapes
 * U+0000–U+001F, and this escapes DEL, C1, the line separators and bidi controls as `\uXXXX`,
 * which JSON (and YAML's double-quoted style) read back as the same characters. The characters
 * can only occur inside strings, so the result is the same JSON value.
 * @param json - output of `JSON.stringify`
 */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** UNSAFE_IN_JSON without the global flag, whose `lastIndex` would make `test` stateful. */
const UNSAFE_IN_JSON_TEST = new RegExp(UNSAFE_IN_JSON.source);

/**
 * Whether `escapeJson` would change a text, or JSON.stringify's output of a string or key: a test,
 * far cheaper than the replace over a text of hundreds of MB that has nothing to escape.
 * @param text - JSON text, or a string or key of the value it is made from
 * @returns whether it holds a character `escapeJson` escapes
 */
export function hasUnsafeInJson(text: string): boolean {
  return UNSAFE_IN_JSON_TEST.test(text);
}
