// Every flag the Claude Agent SDK's launcher can pass must be accepted: read from the pinned SDK's own code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, formatProblem, ignoredFlagWarnings, parseArgs } from '../../src/cli/args';

const sdkDir = dirname(createRequire(import.meta.url).resolve('@anthropic-ai/claude-agent-sdk'));
// core.mjs holds the launcher that builds the CLI's argument list (sdk.mjs repeats it beside unrelated git flags).
const launcherFlags = [...new Set(readFileSync(join(sdkDir, 'core.mjs'), 'utf8').match(/"--[a-z][a-z-]*"/g)!.map((f) => f.slice(1, -1)))];

const VALUES: Record<string, string> = {
  '--output-format': 'stream-json',
  '--input-format': 'stream-json',
  '--max-turns': '3',
  '--max-budget-usd': '0.5',
  '--max-thinking-tokens': '1000',
  '--effort': 'high',
  '--thinking': 'adaptive',
  '--setting-sources': 'user,project',
  '--session-id': '0f9c5a8e-1b2c-4d3e-8f70-123456789abc',
  '--resume': '0f9c5a8e-1b2c-4d3e-8f70-123456789abc',
};

describe('the Agent SDK launcher flags', () => {
  it('finds the launcher flags in the SDK', () => {
    expect(launcherFlags).toEqual(expect.arrayContaining(['--input-format', '--permission-prompt-tool', '--setting-sources', '--max-budget-usd']));
    expect(launcherFlags.length).toBeGreaterThan(30);
  });

  for (const flag of launcherFlags) {
    it(`accepts ${flag} (as two arguments and as --flag=value)`, () => {
      const value = VALUES[flag] ?? 'x';
      expect(() => parseArgs([flag, value])).not.toThrow();
      expect(() => parseArgs([`${flag}=${value}`])).not.toThrow();
    });
  }

  it('still refuses a flag nobody knows', () => {
    expect(() => parseArgs(['--no-such-flag'])).toThrow(UsageError);
  });

  it('warns once per ignored flag, however often it is given', () => {
    const options = parseArgs(['--betas', 'a', '--betas', 'b', '--debug', '--thinking-display', 'omitted']);
    expect(ignoredFlagWarnings(options)).toEqual([
      '--betas is accepted for compatibility but has no effect in tandem; ignored',
      '--debug is accepted for compatibility but has no effect in tandem; ignored',
      '--thinking-display is accepted for compatibility but has no effect in tandem; ignored',
    ]);
  });

  it('the flags that work now are not warned about', () => {
    const options = parseArgs(['--effort', 'high', '--thinking=adaptive', '--max-thinking-tokens', '2000', '--setting-sources', 'user', '--json-schema', '{"type":"object"}', '--fallback-model', 'haiku']);
    expect(ignoredFlagWarnings(options)).toEqual([]);
    expect(options).toMatchObject({ effort: 'high', thinking: 'adaptive', maxThinkingTokens: 2000, settingSources: ['user'] });
  });

  it('parses the flags that work into options', () => {
    const o = parseArgs(['--permission-prompt-tool=stdio', '--max-budget-usd=0.25', '--fork-session', '--settings', '{"model":"opus"}', '--mcp-config', 'a.json', '--mcp-config', 'b.json', '--strict-mcp-config', '--setting-sources=user,project', '--plugin-dir', 'p']);
    expect(o).toMatchObject({ permissionPromptTool: 'stdio', maxBudgetUsd: 0.25, forkSession: true, settings: '{"model":"opus"}', mcpConfigs: ['a.json', 'b.json'], strictMcpConfig: true, settingSources: ['user', 'project'], pluginDirs: ['p'] });
  });

  it('refuses bad values with a message that says what is expected', () => {
    expect(() => parseArgs(['--max-budget-usd', 'lots'])).toThrow(/positive number/);
    expect(() => parseArgs(['--session-id', 'abc'])).toThrow(/UUID/);
    expect(() => parseArgs(['--input-format', 'xml'])).toThrow(/text or stream-json/);
  });

  it('stream-json output needs --verbose, stream-json input needs stream-json output (Claude Code wording)', () => {
    expect(formatProblem(parseArgs(['-p', 'hi', '--output-format', 'stream-json']))).toBe('When using --print, --output-format=stream-json requires --verbose');
    expect(formatProblem(parseArgs(['-p', '--input-format', 'stream-json']))).toBe('--input-format=stream-json requires output-format=stream-json.');
    expect(formatProblem(parseArgs(['--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose']))).toBeNull();
  });
});
