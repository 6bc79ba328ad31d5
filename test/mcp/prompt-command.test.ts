// Prompt commands' arguments and `@server:uri` mentions, without a server.
import { describe, expect, it } from 'vitest';
import { bindPromptArgs, promptArgumentHint, promptCommandName, promptToTurn, splitWords } from '../../src/mcp/prompt-command';
import { completeResources, findResourceMentions } from '../../src/mcp/resource-mentions';
import type { McpPromptInfo } from '../../src/mcp/server-catalog';

const review: McpPromptInfo = {
  server: 'my.srv',
  name: 'review code',
  arguments: [
    { name: 'file', required: true },
    { name: 'focus', required: false },
  ],
};

describe('prompt commands', () => {
  it('names and hints', () => {
    expect(promptCommandName('my.srv', 'review code')).toBe('mcp__my_srv__review_code');
    expect(promptArgumentHint(review)).toBe('<file> [focus]');
  });

  it('binds positionally, by name, with quotes, and the last argument takes the rest', () => {
    expect(splitWords(`a "b c" 'd e' f`)).toEqual(['a', 'b c', 'd e', 'f']);
    expect(bindPromptArgs(review, 'x.ts')).toEqual({ ok: true, values: { file: 'x.ts' } });
    expect(bindPromptArgs(review, '"my file.ts" error handling')).toEqual({ ok: true, values: { file: 'my file.ts', focus: 'error handling' } });
    expect(bindPromptArgs(review, 'focus=tests x.ts')).toEqual({ ok: true, values: { focus: 'tests', file: 'x.ts' } });
    // A word with = that names no argument is a plain value.
    expect(bindPromptArgs(review, 'a=b')).toEqual({ ok: true, values: { file: 'a=b' } });
  });

  it('says what is missing and how to call it', () => {
    expect(bindPromptArgs(review, '')).toEqual({ ok: false, error: '/mcp__my_srv__review_code needs file; usage: /mcp__my_srv__review_code <file> [focus]' });
    expect(bindPromptArgs({ ...review, arguments: [] }, 'extra')).toMatchObject({ ok: false, error: expect.stringContaining('takes no arguments') });
  });

  it('turns the messages into one turn: text in order, the assistant marked, images attached', () => {
    const turn = promptToTurn('s', {
      messages: [
        { role: 'user', content: { type: 'text', text: 'one' } },
        { role: 'assistant', content: { type: 'text', text: 'two' } },
        { role: 'user', content: { type: 'image', data: 'AAA', mimeType: 'image/png' } },
      ],
    });
    expect(turn.text).toBe('one\n\n[assistant, from the prompt of MCP server "s"]\ntwo');
    expect(turn.images).toEqual([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } }]);
  });
});

describe('resource mentions', () => {
  it('finds mentions of known servers only, without sentence punctuation, each once', () => {
    const text = 'see @srv:memo://a, and @srv:memo://a again; mail me@host:x or @src/a.ts or @other:file:///b.';
    expect(findResourceMentions(text, ['srv', 'other'])).toEqual([
      { server: 'srv', uri: 'memo://a' },
      { server: 'other', uri: 'file:///b' },
    ]);
    expect(findResourceMentions('user@srv:memo://a', ['srv'])).toEqual([]);
  });

  it('completes server:uri by prefix, then by substring or name', () => {
    const resources = [
      { server: 'srv', uri: 'memo://greeting', name: 'greeting' },
      { server: 'srv', uri: 'memo://big', name: 'big' },
      { server: 'docs', uri: 'docs://api/greeting', name: 'api' },
    ];
    expect(completeResources(resources, 'srv:memo://g')).toEqual(['srv:memo://greeting']);
    expect(completeResources(resources, 'greet')).toEqual(['srv:memo://greeting', 'docs:docs://api/greeting']);
    expect(completeResources(resources, '')).toHaveLength(3);
  });
});
