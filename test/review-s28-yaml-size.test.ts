/**
 * PipeEdge's YAML within the 5 s rule (s28 hunt): the YAML parser takes about 5 µs a value, so
 * a 10 MB models.yml (inside the 64 MiB file limit) planned in 29 s and 60 MB ran out of memory
 * after 46 s; and it checks each key of a mapping against every key before it, so one mapping of
 * 50,000 keys (512 KB) took 14 s. Now the three files may hold 256 KiB together, and a mapping
 * more keys than a JSON object may have (1,000) is refused, each with one line and exit 2.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const dir = tempDir('dnnpipe-yaml-size-');
for (const name of ['models', 'device_types', 'devices']) copyFileSync(join(FIXTURES, `pipeedge-${name}.yml`), join(dir, `${name}.yml`));
const models = readFileSync(join(FIXTURES, 'pipeedge-models.yml'), 'utf8');

describe('PipeEdge YAML size', () => {
  it('three files over 256 KiB together are refused before parsing, naming the file that passes it', () => {
    writeFileSync(join(dir, 'big.yml'), `${models}pad:\n  layers: 0\n  mem_MB: [${new Array<string>(130_000).fill('0').join(',')}]\n`);
    const { status, stdout, stderr } = cliProcess(['plan', '--pipeedge', '-M', 'big.yml'], dir);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("dnnpipe: big.yml: PipeEdge's three YAML files hold more than 262,144 bytes together (256 KiB, the limit: YAML parses at about 3 s a MiB)\n");
  });

  it('a mapping of 1,001 keys is refused with its line and column; 1,000 are read', () => {
    const keys = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}: 0`).join(', ');
    writeFileSync(join(dir, 'keys.yml'), `${models}pad: {${keys(1001)}}\n`);
    const refused = cliProcess(['plan', '--pipeedge', '-M', 'keys.yml'], dir);
    expect(refused.status).toBe(2);
    const line = models.split('\n').length;
    expect(refused.stderr).toBe(`dnnpipe: keys.yml: YAML not accepted at line ${line}, column 6: a mapping of 1,001 keys; the limit is 1,000\n`);
    writeFileSync(join(dir, 'keys.yml'), `${models}pad: {${keys(1000)}}\n`);
    expect(cliProcess(['plan', '--pipeedge', '-M', 'keys.yml'], dir).status).toBe(0);
  });

  it("PipeEdge's own files plan as before", () => {
    expect(cliProcess(['plan', '--pipeedge'], dir).status).toBe(0);
  });
});
