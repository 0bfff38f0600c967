/**
 * Outside review (s24): parseArgs' refusals are retold in the command line's words
 * (src/cli/input.ts `flagError`), which takes the option from Node's message. For a flag with a
 * short alias Node names it "-b, --batch-size <value>" even when the user typed --batch-size, so
 * the retelling takes "-b", does not find it among the arguments (indexOf gives -1), and reads the
 * first argument as the value after it. Its advice for a short flag, "write -b=-5", is also wrong:
 * Node reads `-b=-5` as the value "=-5" (its own advice is -b-5 or --batch-size=-5). And Node
 * raises the same error code for a value given to a flag that takes none (`--json=1`: "Option
 * '--json' does not take an argument"), which is retold as "--json needs a value, and
 * "--json=1" after it starts with a dash (write --json=--json=1 if that is the value)".
 * One cause: every ERR_PARSE_ARGS_INVALID_OPTION_VALUE is read as a missing value, and the flag is
 * looked up among the arguments as Node's message spells it.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { parseFlags } from '../src/cli/input.js';

describe('a value given to a flag that takes none', () => {
  it.each([['--json=1'], ['--all=yes']])('plan %s says the flag takes no value', async (arg) => {
    const run = await cli('plan', arg);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('needs a value');
    expect(run.stderr).toContain(`${arg.split('=')[0]}`);
  });
});

describe('flag mistakes on flags with a short alias', () => {
  it.each([
    [['--batch-size'], 'dnnpipe: --batch-size needs a value'],
    [['--dev-file'], 'dnnpipe: --dev-file needs a value'],
  ])('plan %j names the flag as typed and claims no value after it', async (argv, message) => {
    const run = await cli('plan', ...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n`);
  });

  it('plan -b -5: the suggested spelling is one Node reads as -5', async () => {
    const run = await cli('plan', '-b', '-5');
    expect(run.code).toBe(2);
    const suggested = /\(write (\S+) if that is the value\)/.exec(run.stderr)?.[1];
    expect(suggested, run.stderr).toBeDefined();
    // Following the advice, the value must arrive as "-5", not as "=-5".
    expect(parseFlags([suggested!]).values['batch-size']).toBe('-5');
  });
});
