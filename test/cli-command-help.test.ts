/**
 * `dnnpipe COMMAND --help` prints that command's usage and the options it takes, in its own words
 * (an outsider's try found `dnnpipe plan --help` printed the global text); `dnnpipe --help`
 * describes every option the parser accepts, so help cannot drift from the flags.
 */
import { describe, expect, it } from 'vitest';
import { PLAN_FLAGS } from '../src/cli/input.js';
import { cli } from './helpers/cli.js';

describe('help', () => {
  it.each([
    ['plan', ['--out', '--pipeedge', '--max-latency'], ['--frames', '--all']],
    ['simulate', ['--frames', '--without', '--engine'], ['--out', '--all']],
    ['frontier', ['--all', '--max-stages', '--transfer'], ['--out', '--frames']],
  ])('dnnpipe %s --help: its usage and its own options only', async (command, own, others) => {
    for (const flag of ['--help', '-h']) {
      const run = await cli(command, flag);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`dnnpipe ${command} [FILE]`);
      for (const option of own) expect(run.stdout, option).toMatch(new RegExp(`^  ${option}\\b`, 'm'));
      for (const option of others) expect(run.stdout, option).not.toMatch(new RegExp(`^  ${option}\\b`, 'm'));
      // The other commands' usage lines are not there.
      for (const other of ['plan', 'simulate', 'frontier'].filter((name) => name !== command)) expect(run.stdout).not.toContain(`dnnpipe ${other} [FILE]`);
    }
  });

  it("each command says what its own --json and --svg give", async () => {
    expect((await cli('simulate', '--help')).stdout).toMatch(/--json {8}print the plan and the simulation as JSON/);
    expect((await cli('frontier', '--help')).stdout).toMatch(/--svg FILE {4}also write a picture: throughput against latency/);
    expect((await cli('plan', '--help')).stdout).toMatch(/--svg FILE {4}also write a picture: frames flowing through the stages/);
  });

  it('dnnpipe --help describes every flag the parser accepts', async () => {
    const help = (await cli('--help')).stdout;
    for (const [name, option] of Object.entries(PLAN_FLAGS)) {
      // PipeEdge's own flags have short forms and are spelled out in plan's usage line.
      const spelled = 'short' in option ? `-${option.short}` : `--${name}`;
      expect(help, name).toContain(spelled);
    }
  });
});
