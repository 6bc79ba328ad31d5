import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandTemplate, foldersUpToRoot, loadCustomCommands, splitArguments } from '../../src/session/custom-commands';
import { makeTestTempDir } from '../support/temp-dirs';

let tmp: string;
let opts: { cwd: string; projectRoot: string; tandemHome: string; homeDir: string };
beforeEach(async () => {
  tmp = makeTestTempDir('tandem-commands-');
  opts = { cwd: path.join(tmp, 'repo'), projectRoot: path.join(tmp, 'repo'), tandemHome: path.join(tmp, 'th'), homeDir: path.join(tmp, 'home') };
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const write = async (file: string, text: string) => {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
};

describe('expandTemplate', () => {
  it('fills $ARGUMENTS and positional arguments', () => {
    expect(expandTemplate('Fix issue $1 in $2 ($ARGUMENTS) $3.', '123 "src/a b.ts"')).toBe('Fix issue 123 in src/a b.ts (123 "src/a b.ts") .');
    expect(splitArguments(`a 'b c' "d \\"e\\""`)).toEqual(['a', 'b c', 'd "e"']);
    expect(expandTemplate('Review the code.', 'focus on errors')).toBe('Review the code.\n\nARGUMENTS: focus on errors');
    expect(expandTemplate('Review the code.', '  ')).toBe('Review the code.');
    expect(expandTemplate('costs $0 and $ARGUMENTSX', 'x')).toBe('costs $0 and $ARGUMENTSX\n\nARGUMENTS: x');
  });
});

describe('loadCustomCommands', () => {
  it('loads project and user commands with frontmatter; project wins; subfolders give dir:name', async () => {
    await write(
      path.join(opts.projectRoot, '.tandem', 'commands', 'review.md'),
      '---\ndescription: Review a file\nargument-hint: <file>\nallowed-tools: Read, Bash(git diff:*, git log:*)\nmodel: haiku\n---\nReview $1 carefully.\n',
    );
    await write(path.join(opts.projectRoot, '.claude', 'commands', 'git', 'commit.md'), 'Write a commit message for $ARGUMENTS');
    await write(path.join(opts.projectRoot, '.claude', 'commands', 'review.md'), 'shadowed by .tandem');
    await write(path.join(opts.tandemHome, 'commands', 'review.md'), 'user review');
    await write(path.join(opts.tandemHome, 'commands', 'standup.md'), '---\nallowed-tools: [Read, Grep]\n---\n# Summarise yesterday\nDo it.');
    await write(path.join(opts.homeDir, '.claude', 'commands', 'standup.md'), 'shadowed by tandem home');
    await write(path.join(opts.homeDir, '.claude', 'commands', 'notes.txt'), 'not a command');

    const { commands, warnings } = await loadCustomCommands(opts);
    expect(warnings).toEqual([]);
    expect(commands.map((c) => c.name)).toEqual(['git:commit', 'review', 'standup']);
    const review = commands.find((c) => c.name === 'review')!;
    expect(review).toMatchObject({
      description: 'Review a file',
      argumentHint: '<file>',
      allowedTools: ['Read', 'Bash(git diff:*, git log:*)'],
      model: 'haiku',
      scope: 'project',
      source: path.join(opts.projectRoot, '.tandem', 'commands', 'review.md'),
    });
    expect(review.expand('src/x.ts')).toBe('Review src/x.ts carefully.');
    const standup = commands.find((c) => c.name === 'standup')!;
    expect(standup).toMatchObject({ scope: 'user', description: 'Summarise yesterday', allowedTools: ['Read', 'Grep'] });
    expect(commands.find((c) => c.name === 'git:commit')!.expand('fix the parser')).toBe('Write a commit message for fix the parser');
  });

  it('keeps a command whose frontmatter is broken YAML, with a warning', async () => {
    await write(path.join(opts.projectRoot, '.tandem', 'commands', 'broken.md'), '---\ndescription: Fix: things [unclosed\nargument-hint: [n]\n---\nBody $ARGUMENTS');
    const { commands, warnings } = await loadCustomCommands(opts);
    expect(commands).toHaveLength(1);
    expect(commands[0]!.description).toBe('Fix: things [unclosed');
    expect(commands[0]!.expand('now')).toBe('Body now');
    expect(warnings).toEqual([expect.stringMatching(/broken\.md: frontmatter is not valid YAML/)]);
  });

  it('finds commands in every folder from the working directory up to the project root', async () => {
    const middle = path.join(opts.projectRoot, 'packages', 'app');
    const deep = path.join(middle, 'src', 'ui');
    await write(path.join(middle, '.claude', 'commands', 'deploy.md'), 'Deploy the app');
    await write(path.join(opts.projectRoot, 'packages', '.tandem', 'commands', 'release.md'), 'Release the packages');
    const { commands, warnings } = await loadCustomCommands({ ...opts, cwd: deep });
    expect(warnings).toEqual([]);
    expect(commands.map((c) => [c.name, c.scope, c.source])).toEqual([
      ['deploy', 'project', path.join(middle, '.claude', 'commands', 'deploy.md')],
      ['release', 'project', path.join(opts.projectRoot, 'packages', '.tandem', 'commands', 'release.md')],
    ]);
  });

  it('a nearer folder shadows a farther one; within a folder .tandem shadows .claude', async () => {
    const middle = path.join(opts.projectRoot, 'packages', 'app');
    const deep = path.join(middle, 'src');
    await write(path.join(opts.projectRoot, '.tandem', 'commands', 'test.md'), 'root test');
    await write(path.join(middle, '.claude', 'commands', 'test.md'), 'middle test');
    await write(path.join(opts.projectRoot, '.tandem', 'commands', 'lint.md'), 'root lint');
    await write(path.join(middle, '.claude', 'commands', 'lint.md'), 'middle .claude lint');
    await write(path.join(middle, '.tandem', 'commands', 'lint.md'), 'middle .tandem lint');
    await write(path.join(opts.tandemHome, 'commands', 'lint.md'), 'user lint');
    const { commands } = await loadCustomCommands({ ...opts, cwd: deep });
    expect(commands.map((c) => [c.name, c.expand('')])).toEqual([
      ['lint', 'middle .tandem lint'],
      ['test', 'middle test'],
    ]);
    // From the root the middle folder is not on the way up: the root's own commands are used.
    const fromRoot = await loadCustomCommands(opts);
    expect(fromRoot.commands.map((c) => [c.name, c.expand('')])).toEqual([
      ['lint', 'root lint'],
      ['test', 'root test'],
    ]);
  });

  it('walks up only to the project root', () => {
    const root = path.join(tmp, 'repo');
    expect(foldersUpToRoot(path.join(root, 'a', 'b'), root)).toEqual([path.join(root, 'a', 'b'), path.join(root, 'a'), root]);
    expect(foldersUpToRoot(root, root)).toEqual([root]);
    // A working directory outside the project (or a sibling whose name starts with the root's) is not walked.
    expect(foldersUpToRoot(path.join(tmp, 'elsewhere', 'x'), root)).toEqual([path.join(tmp, 'elsewhere', 'x'), root]);
    expect(foldersUpToRoot(`${root}-2`, root)).toEqual([`${root}-2`, root]);
  });

  it('returns nothing when no folder exists', async () => {
    expect(await loadCustomCommands(opts)).toEqual({ commands: [], warnings: [] });
  });
});
