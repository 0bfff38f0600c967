/** What every command's flag parsing shares. */

/** A parsed token of `util.parseArgs` (with `tokens: true`). */
interface FlagToken {
  kind: string;
  name?: string;
  /** As typed: `-M` or `--models-file`. */
  rawName?: string;
}

/**
 * The first flag of one value given more than once, if any, as the user typed it the second time
 * with its long name when that differs (`-M (--models-file)`). `parseArgs` keeps the last value,
 * which would drop the earlier one without a word: `--out a.json --out b.json` would write only
 * b.json, `--max-latency 100 --max-latency 21` plan under 21 alone. Switches (`--json`) may
 * repeat: saying one twice changes nothing.
 * @param tokens - `parseArgs(...).tokens`
 * @param options - the command's option table
 */
export function repeatedFlag(tokens: readonly FlagToken[] | undefined, options: Readonly<Record<string, { type: string; multiple?: boolean }>>): string | undefined {
  const seen = new Set<string>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    const option = options[token.name];
    if (!option || option.type !== 'string' || option.multiple) continue;
    const long = `--${token.name}`;
    if (seen.has(token.name)) return token.rawName && token.rawName !== long ? `${token.rawName} (${long})` : long;
    seen.add(token.name);
  }
  return undefined;
}
