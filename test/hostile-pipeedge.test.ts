/**
 * Hostile pass: a host in PipeEdge's devices.yml under a device type that device_types.yml does
 * not define.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fromPipeEdge, ProblemError } from '../src/index.js';

const fixture = (name: string): string => new URL(`./fixtures/pipeedge-${name}.yml`, import.meta.url).pathname;
const read = (name: string): unknown => parse(readFileSync(fixture(name), 'utf8'));

describe('PipeEdge devices.yml with an unknown device type', () => {
  // README (Real networks, no silently free link; "nothing silently" throughout) and the PipeEdge
  // section: device types *without a profile* are skipped *with a warning*. A type in
  // devices.yml that device_types.yml does not define at all (a typo such as
  // "Minowboard-E3845") is skipped with neither an error nor a warning, so its hosts vanish from
  // the plan without a word (`dnnpipe plan --pipeedge -D devices.yml` plans on the other hosts and
  // exits 0). Expected: a ProblemError naming devices.yml and the type, or at least a warning
  // that names it.
  it('a misspelt device type is refused or warned about, never dropped silently', () => {
    const devices = { 'Minnowboard-E3845': ['mb-0'], 'Minowboard-E3845': ['mb-1', 'mb-2'] };
    const warnings: string[] = [];
    let refused: unknown;
    try {
      fromPipeEdge({ models: read('models'), deviceTypes: read('device_types'), devices }, { onWarning: (w) => warnings.push(w) });
    } catch (error) {
      refused = error;
    }
    if (refused !== undefined) {
      expect(refused).toBeInstanceOf(ProblemError);
      expect(String((refused as Error).message)).toContain('Minowboard-E3845');
    } else {
      expect(warnings.some((w) => w.includes('Minowboard-E3845'))).toBe(true);
    }
  });
});
