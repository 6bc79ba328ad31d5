// #12: a Bash command is what it looks like. Control characters, bidirectional overrides and unpaired surrogates
// are refused in input validation, before the preview and any permission prompt, whatever the permission mode.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/engine/events';
import { bashTool } from '../../../src/tools/bash';
import { findHiddenCharacter } from '../../../src/tools/command-text';
import { validateToolInput } from '../../../src/tools/validate-input';
import { autoApprove, engineRig, type EngineRig } from '../../engine/boot';

const refused: Array<[string, string]> = [
  ['\0', 'U+0000 NUL'],
  ['\x01', 'U+0001 SOH'],
  ['\x07', 'U+0007 BEL'],
  ['\b', 'U+0008 BS'],
  ['\v', 'U+000B VT'],
  ['\f', 'U+000C FF'],
  ['\r', 'U+000D CR'],
  ['\x1b', 'U+001B ESC'],
  ['\x1f', 'U+001F US'],
  ['\x7f', 'U+007F DEL'],
  ['\x80', 'U+0080 C1'],
  ['\x9b', 'U+009B C1'], // CSI in 8-bit terminals
  ['\x9f', 'U+009F C1'],
  ['\u061c', 'U+061C ARABIC LETTER MARK'],
  ['\u200e', 'U+200E LEFT-TO-RIGHT MARK'],
  ['\u200f', 'U+200F RIGHT-TO-LEFT MARK'],
  ['\u202a', 'U+202A LEFT-TO-RIGHT EMBEDDING'],
  ['\u202d', 'U+202D LEFT-TO-RIGHT OVERRIDE'],
  ['\u202e', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
  ['\u2066', 'U+2066 LEFT-TO-RIGHT ISOLATE'],
  ['\u2068', 'U+2068 FIRST STRONG ISOLATE'],
  ['\u2069', 'U+2069 POP DIRECTIONAL ISOLATE'],
  ['\ud800', 'U+D800 unpaired'],
  ['\udfff', 'U+DFFF unpaired'],
];

describe('Bash input validation refuses hidden characters', () => {
  for (const [ch, label] of refused) {
    it(`refuses ${label}, anywhere in the command`, () => {
      for (const command of [`${ch}echo hi`, `echo a${ch}b`, `echo ok\n# a comment ${ch}`, `echo hi${ch}`]) {
        const res = validateToolInput(bashTool, { command });
        expect(res.ok, JSON.stringify(command)).toBe(false);
        if (!res.ok) {
          expect(res.message).toContain(label.split(' ').slice(0, 2).join(' '));
          expect(res.message).toMatch(/shown for approval is the command that runs/);
          expect(res.message).toMatch(/printf/);
        }
      }
    });
  }

  it('says on which line the character is', () => {
    const res = validateToolInput(bashTool, { command: 'echo one\necho two\necho \x1b[2Kthree' });
    expect(!res.ok && res.message).toContain('line 3');
  });

  it('accepts tabs, newlines, non-ASCII text, emoji (surrogate pairs) and joiners', () => {
    for (const command of ['printf "a\tb\n"', 'echo one\necho two', 'echo "héllo wörld 日本語 ß"', 'echo 🎉👩‍💻', "printf '\\033[1mbold\\033[0m\\r\\n'"]) {
      expect(validateToolInput(bashTool, { command }).ok, command).toBe(true);
    }
  });

  it('finds the first hidden character and passes clean text', () => {
    expect(findHiddenCharacter('ls -la')).toBeUndefined();
    expect(findHiddenCharacter('a\u202eb\x00')).toEqual({ index: 1, codePoint: 0x202e, name: 'RIGHT-TO-LEFT OVERRIDE' });
    expect(findHiddenCharacter('x\ud83d')?.name).toBe('unpaired UTF-16 surrogate');
    expect(findHiddenCharacter('\udc00y')?.index).toBe(0);
  });
});

describe('a refused command never reaches a prompt or the shell', () => {
  let rig: EngineRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  for (const args of [[], ['--dangerously-skip-permissions']]) {
    it(`in ${args.length ? 'bypassPermissions' : 'default'} mode`, { timeout: 30_000 }, async () => {
      // What a reviewer would see as `echo hello` (the CR returns to the line start and the text after it
      // overwrites the line) but what bash would run as two commands; and a NUL hiding the end of a command.
      const sneaky = 'touch pwned-cr; # \recho hello';
      const nul = 'echo hi\0; touch pwned-nul';
      rig = await engineRig(args, {
        turns: [
          {
            content: [
              { type: 'tool_use', name: 'Bash', input: { command: sneaky } },
              { type: 'tool_use', name: 'Bash', input: { command: nul } },
            ],
          },
          { text: 'done' },
        ],
      });
      const asked: EngineEvent[] = [];
      autoApprove(rig, (e) => {
        asked.push(e);
        return { type: 'once' };
      });
      await rig.boot.session.send('go');
      const results = rig.events.filter((e): e is Extract<EngineEvent, { type: 'tool_result' }> => e.type === 'tool_result');
      // One comparison, so a failure shows the whole picture.
      const seen = {
        prompts: asked.length,
        results: results.map((r) => [r.result.is_error === true, /U\+000D CR|U\+0000 NUL/.exec(String(r.result.content))?.[0] ?? String(r.result.content).slice(0, 200)]),
      };
      expect(seen).toEqual({ prompts: 0, results: [[true, 'U+000D CR'], [true, 'U+0000 NUL']] });
      for (const r of results) expect(String(r.result.content)).toMatch(/^Invalid input for Bash/);
      expect(existsSync(join(rig.project, 'pwned-cr'))).toBe(false);
      expect(existsSync(join(rig.project, 'pwned-nul'))).toBe(false);
    });
  }
});
