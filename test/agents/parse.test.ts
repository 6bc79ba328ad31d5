import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseAgentFile } from '../../src/agents/parse';

const fixture = (rel: string) => fileURLToPath(new URL(`../fixtures/agents/${rel}`, import.meta.url));
const parseFixture = (rel: string) => parseAgentFile(fixture(rel), readFileSync(fixture(rel), 'utf8'), 'project');

describe('the seed agent file', () => {
  test('loads unchanged, read line by line because its description is not valid YAML', () => {
    const { agent, error } = parseFixture('seed/api-engineer.md');
    expect(error).toBeUndefined();
    expect(agent?.name).toBe('api-engineer');
    expect(agent?.model).toBe('sonnet');
    expect(agent?.color).toBe('cyan');
    expect(agent?.tools).toHaveLength(17);
    expect(agent?.tools).toContain('Task');
    expect(agent?.tools).toContain('mcp__context7__get-library-docs');
    expect(agent?.description).toMatch(/^Use this agent PROACTIVELY .*<\/example>$/s);
    expect(agent?.description).toContain('including: designing');
    expect(agent?.systemPrompt).toMatch(/^You are a senior backend architect/);
    expect(agent?.systemPrompt.endsWith('future scalability.')).toBe(true);
    expect(agent?.warnings[0]).toMatch(/^frontmatter is not valid YAML \(line 3: .+\); read it line by line$/);
    const toolWarnings = agent!.warnings.filter((w) => w.includes('MCP server "context7"'));
    expect(toolWarnings).toHaveLength(2);
    expect(agent?.warnings).toHaveLength(3);
  });

  test('MCP tools the session has count as known', () => {
    const text = readFileSync(fixture('seed/api-engineer.md'), 'utf8');
    const { agent } = parseAgentFile('a.md', text, 'user', { knownTools: (n) => n.startsWith('mcp__context7__') });
    expect(agent?.warnings).toHaveLength(1);
  });

  test('parsing the same broken text twice gives the same result (gray-matter cache not poisoned)', () => {
    const text = readFileSync(fixture('seed/api-engineer.md'), 'utf8');
    const a = parseAgentFile('a.md', text, 'user').agent;
    const b = parseAgentFile('b.md', text, 'user').agent;
    expect(b?.name).toBe('api-engineer');
    expect(b?.description).toBe(a?.description);
    expect(b?.warnings).toEqual(a?.warnings);
  });
});

describe('broken files', () => {
  test('missing name', () => {
    expect(parseFixture('broken/missing-name.md').error).toMatchObject({
      path: fixture('broken/missing-name.md'),
      field: 'name',
      message: expect.stringMatching(/is missing/),
    });
  });

  test('missing description', () => {
    expect(parseFixture('broken/missing-description.md').error).toMatchObject({ field: 'description' });
  });

  test('maxTurns that is not a number, with its line', () => {
    expect(parseFixture('broken/bad-max-turns.md').error).toMatchObject({
      field: 'maxTurns',
      line: 5,
      message: expect.stringMatching(/whole number/),
    });
  });

  test('tools that is a number, with its line', () => {
    expect(parseFixture('broken/bad-tools.md').error).toMatchObject({ field: 'tools', line: 4 });
  });

  test('frontmatter that neither YAML nor the line reader can use', () => {
    const { error } = parseFixture('broken/unparseable.md');
    expect(error).toMatchObject({ field: 'name', line: expect.any(Number) });
    expect(error?.message).toMatch(/not valid YAML/);
  });

  test('no frontmatter: an error for an agent file, silently skipped for a README', () => {
    expect(parseAgentFile('/x/notes.md', '# Notes\n', 'user').error).toMatchObject({ path: '/x/notes.md', line: 1 });
    const readme = parseAgentFile('/x/README.md', '# About\n', 'user');
    expect(readme.error).toBeUndefined();
    expect(readme.agent).toBeUndefined();
    expect(readme.skipped).toBeTruthy();
  });

  test('unclosed frontmatter', () => {
    expect(parseAgentFile('a.md', '---\nname: a\ndescription: b\n', 'user').error?.message).toMatch(/never closed/);
  });

  test('wrong permissionMode names the allowed values', () => {
    const { error } = parseAgentFile('a.md', '---\nname: a\ndescription: b\npermissionMode: yolo\n---\n', 'user');
    expect(error).toMatchObject({ field: 'permissionMode', line: 4, message: expect.stringMatching(/acceptEdits/) });
  });
});

describe('fields', () => {
  const parse = (fm: string, body = 'Prompt.') => parseAgentFile('a.md', `---\nname: a\ndescription: d\n${fm}---\n${body}\n`, 'user');

  test('tools as a YAML list, Agent normalised to Task, duplicates dropped', () => {
    const { agent } = parse('tools:\n  - Read\n  - Agent\n  - Task\n');
    expect(agent?.tools).toEqual(['Read', 'Task']);
    expect(agent?.warnings).toEqual([]);
  });

  test('omitted tools means every tool; empty string means none; bare key means every tool with a warning', () => {
    expect(parse('').agent?.tools).toBeUndefined();
    expect(parse('tools: ""\n').agent?.tools).toEqual([]);
    const bare = parse('tools:\n').agent;
    expect(bare?.tools).toBeUndefined();
    expect(bare?.warnings.join()).toMatch(/has no value/);
  });

  test('disallowedTools as a comma string; legacy names are valid', () => {
    const { agent } = parse('tools: LS, MultiEdit, NotebookRead\ndisallowedTools: Bash, WebFetch\n');
    expect(agent?.disallowedTools).toEqual(['Bash', 'WebFetch']);
    expect(agent?.warnings).toEqual([]);
  });

  test('unknown tool and unknown color are warnings, not failures', () => {
    const { agent } = parse('tools: Read, Raed\ncolor: magenta\n');
    expect(agent?.tools).toEqual(['Read', 'Raed']);
    expect(agent?.color).toBeUndefined();
    expect(agent?.warnings.some((w) => w.includes('"Raed"'))).toBe(true);
    expect(agent?.warnings.some((w) => w.includes('unknown color "magenta"'))).toBe(true);
  });

  test('model alias, full id, unknown alias warning', () => {
    expect(parse('model: opus\n').agent?.warnings).toEqual([]);
    expect(parse('model: claude-opus-4-1-20250805\n').agent?.model).toBe('claude-opus-4-1-20250805');
    const typo = parse('model: sonet\n').agent;
    expect(typo?.model).toBe('sonet');
    expect(typo?.warnings.join()).toMatch(/unknown model alias "sonet"/);
  });

  test('permissionMode, maxTurns, unknown keys kept, body trimmed', () => {
    const { agent } = parse('permissionMode: plan\nmaxTurns: 12\nhooks: x\n', '\n\n  Do the thing.  \n\n');
    expect(agent?.permissionMode).toBe('plan');
    expect(agent?.maxTurns).toBe(12);
    expect(agent?.frontmatter['hooks']).toBe('x');
    expect(agent?.systemPrompt).toBe('Do the thing.');
  });

  test('the line reader: quotes stripped, indented continuation lines joined, numbers read', () => {
    const text = '---\nname: "lenient"\ndescription: Use when: things\n  happen: often\nmaxTurns: 3\ntools: [Read, Grep]\n---\nBody\n';
    const { agent, error } = parseAgentFile('a.md', text, 'user');
    expect(error).toBeUndefined();
    expect(agent?.name).toBe('lenient');
    expect(agent?.description).toBe('Use when: things happen: often');
    expect(agent?.maxTurns).toBe(3);
    expect(agent?.tools).toEqual(['Read', 'Grep']);
    expect(agent?.warnings[0]).toMatch(/line 3/);
  });

  test('the line reader leaves quotes alone when they do not wrap the whole value', () => {
    // The `note:` line makes strict YAML fail, so every line goes through the line reader.
    const text = "---\nname: q\ndescription: 'a' and 'b'\nmodel: 'it''s'\nnote: x: y\n---\nBody\n";
    const { agent } = parseAgentFile('a.md', text, 'user');
    expect(agent?.description).toBe("'a' and 'b'");
    expect(agent?.model).toBe("it's");
    expect(agent?.warnings[0]).toMatch(/not valid YAML/);
  });

  test('CRLF line endings and a byte-order mark', () => {
    const { agent } = parseAgentFile('a.md', '\uFEFF---\r\nname: crlf\r\ndescription: d\r\n---\r\nBody\r\n', 'user');
    expect(agent?.name).toBe('crlf');
    expect(agent?.systemPrompt).toBe('Body');
  });
});
