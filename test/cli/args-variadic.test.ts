// Claude Code's list flags take several words (`--allowedTools Read Bash Edit`); scripts written for it must mean
// the same here, while a prompt written after such a flag stays the prompt.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { makeTestTempDir } from '../support/temp-dirs';

const base = makeTestTempDir('tandem-args-');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('list flags', () => {
  it('--allowedTools / --disallowedTools take every following tool rule', () => {
    const o = parseArgs(['-p', 'go', '--allowedTools', 'Read', 'Bash(npm test:*)', 'Edit,Write', 'mcp__db__query', '--disallowedTools', 'WebFetch', 'Task']);
    expect(o.prompt).toBe('go');
    expect(o.allowedTools).toEqual(['Read', 'Bash(npm test:*)', 'Edit', 'Write', 'mcp__db__query']);
    expect(o.disallowedTools).toEqual(['WebFetch', 'Task']);
  });

  it('a prompt after the list is still the prompt; --flag=value takes only its own value', () => {
    expect(parseArgs(['--allowedTools', 'Read', 'fix the failing test', '-p'])).toMatchObject({ allowedTools: ['Read'], prompt: 'fix the failing test' });
    expect(parseArgs(['-p', '--allowedTools=Read', 'Bash'])).toMatchObject({ allowedTools: ['Read'], prompt: 'Bash' });
  });

  it('--add-dir takes the following existing folders; --mcp-config the following JSON files or texts', () => {
    const a = join(base, 'a');
    const b = join(base, 'b');
    mkdirSync(a);
    mkdirSync(b);
    const o = parseArgs(['-p', '--add-dir', a, b, 'explain these', '--mcp-config', 'one.json', '{"mcpServers":{}}']);
    expect(o.addDirs).toEqual([a, b]);
    expect(o.mcpConfigs).toEqual(['one.json', '{"mcpServers":{}}']);
    expect(o.prompt).toBe('explain these');
  });

  it('--tools takes several names', () => {
    expect(parseArgs(['-p', 'x', '--tools', 'Read', 'Grep']).tools).toEqual(['Read', 'Grep']);
  });
});
