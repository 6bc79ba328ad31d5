// Which files a Bash line reads (bash-reads.ts), and how Read rules word their decisions about them.
import { describe, expect, it } from 'vitest';
import { READING_COMMANDS } from '../../src/permissions/bash-reads';
import { bashReads } from '../../src/permissions/bash-effects';
import { RulePolicy } from '../../src/permissions/policy';
import type { PermissionQuery } from '../../src/permissions/types';

const cwd = '/proj';
const home = '/home/u';
const written = (command: string): string[] => bashReads(command, cwd, home).map((r) => r.written);

describe('bashReads', () => {
  it.each([
    // options are not paths; values of options are not either
    ['cat -n .env', ['.env']],
    ['head -n 5 ./.env', ['./.env']],
    ['head -n5 -- -odd', ['-odd']],
    ['head --lines=5 a --bytes 3 b', ['a', 'b']],
    ['tail -f -s 2 log.txt', ['log.txt']],
    ['cat - a', ['a']],
    ['nl -w 3 -s : f', ['f']],
    ['tac -s , f', ['f']],
    ['less +G -p pat f', ['f']],
    ['more +/needle f', ['f']],
    ['bat -l rust --theme x f.rs', ['f.rs']],
    ['od -A x -t x1z -w16 f', ['f']],
    ['xxd -s 16 -len 32 in out', ['in']],
    ['hexdump -C -n 64 f', ['f']],
    ['hexdump -f fmt.txt f', ['fmt.txt', 'f']],
    ['strings -n 8 bin', ['bin']],
    ['base64 -w 0 key', ['key']],
    // scripts and patterns are not paths, unless an option gave them
    ['sed -n 1p secrets/key.pem', ['secrets/key.pem']],
    ['sed -e s/a/b/ -e s/c/d/ f g', ['f', 'g']],
    ['sed -f prog.sed f', ['prog.sed', 'f']],
    ['sed -i.bak s/a/b/ f', ['f']],
    ["awk -F: -v x=1 '{print $1}' n=2 /etc/passwd", ['/etc/passwd']],
    ['awk -f prog.awk data', ['prog.awk', 'data']],
    ['grep .env README.md', ['README.md']],
    ['grep -e foo .env', ['.env']],
    ['grep -inA3 foo a b', ['a', 'b']],
    ['grep -iA 3 foo a', ['a']],
    ['sed -ne 1p f', ['f']],
    ['grep --regexp=foo -- -f', ['-f']],
    ['grep -f pats.txt src', ['pats.txt', 'src']],
    ['egrep x f', ['f']],
    ['fgrep -e x f', ['f']],
    ['rg -g "*.ts" -t ts TODO src', ['src']],
    ['rg --files secrets', ['secrets']],
    ['cut -d , -f 1 data.csv', ['data.csv']],
    ['sort -t , -k 2 -o out.txt in.txt', ['in.txt']],
    ['uniq -c in out', ['in']],
    ['wc -l a b', ['a', 'b']],
    ['diff -u a b', ['a', 'b']],
    ['cmp a b 10 20', ['a', 'b']],
    ['jq -r .name package.json', ['package.json']],
    ['jq --arg k v --slurpfile s other.json . main.json', ['other.json', 'main.json']],
    ['jq -n . --args a b', []],
    ['source ./env.sh arg', ['./env.sh']],
    ['. .env', ['.env']],
    ['cp -r src dst', ['src']],
    ['cp -t dst a b', ['a', 'b']],
    ['mv --target-directory=dst a', ['a']],
    ['mv a b', ['a']],
    // redirects, pipelines, wrappers, substitutions, full paths
    ['wc -l < data.txt', ['data.txt']],
    ['npm test > out.log', []],
    ['ls | cat .env', ['.', '.env']],
    ['echo $(head x) && tail y', ['x', 'y']],
    ['sudo -u root cat /etc/shadow', ['/etc/shadow']],
    ['timeout 5 cat a', ['a']],
    ["sh -c 'cat a; tail b'", ['a', 'b']],
    ['find . -name x -exec cat {} ;', ['.', '{}']],
    ['/usr/bin/cat f', ['f']],
    // unknown commands are not guessed at
    ['echo .env', []],
    ['mytool .env', []],
    ['vim .env', []],
    // a command only known when it runs may read anything
    ['$PAGER .env', ['(whatever $PAGER does)']],
  ])('%s', (command, files) => {
    expect(written(command)).toEqual(files);
  });

  it('knows at least the commands its doc promises', () => {
    for (const name of ['cat', 'head', 'tail', 'less', 'more', 'bat', 'nl', 'tac', 'od', 'xxd', 'hexdump', 'strings',
      'base64', 'sed', 'awk', 'grep', 'rg', 'egrep', 'fgrep', 'cut', 'sort', 'uniq', 'wc', 'diff', 'cmp', 'jq', 'source', '.',
      'ls', 'find', 'tree', 'stat', 'file', 'du']) {
      expect(READING_COMMANDS).toContain(name);
    }
  });

  it('resolves from the working directory, ~ from home, and after cd from both directories', () => {
    const lex = (command: string): string[][] => bashReads(command, cwd, home).map((r) => r.resolved.map((p) => p.lexical));
    expect(lex('cat a ../b ~/c /d')).toEqual([['/proj/a'], ['/b'], ['/home/u/c'], ['/d']]);
    expect(lex('cd sub && cat a')).toEqual([['/proj/sub/a', '/proj/a']]);
    expect(lex('cd && cat a')).toEqual([['/home/u/a', '/proj/a']]);
    expect(lex('cd $X && cat a')).toEqual([['/proj/a']]);
  });
});

describe('Read rules and the files Bash reads', () => {
  const bashQ = (command: string): PermissionQuery => ({
    toolName: 'Bash', input: { command }, preview: { kind: 'command', command, cwd }, agentName: 'main', mode: 'default', cwd, projectRoot: cwd,
  });

  it('a deny rule denies with a message naming the rule and the file', () => {
    const p = new RulePolicy({ rules: [{ rule: 'Read(.env)', behavior: 'deny', source: '/proj/.tandem/settings.json' }], allowedTools: ['Bash'], homeDir: home });
    expect(p.decide(bashQ('head -n 5 ./.env'))).toEqual({
      behavior: 'deny',
      reason: 'denied by rule Read(.env) (from /proj/.tandem/settings.json): the command reads ./.env',
      rule: 'Read(.env)',
    });
    expect(p.decide(bashQ('cat README.md')).behavior).toBe('allow');
  });

  it('an ask rule asks, naming the file', () => {
    const p = new RulePolicy({ rules: [{ rule: 'Read(./secrets/**)', behavior: 'ask', source: 'session' }], allowedTools: ['Bash'], homeDir: home });
    expect(p.decide(bashQ('sed -n 1p secrets/key.pem'))).toEqual({
      behavior: 'ask',
      reason: 'rule Read(./secrets/**) (added this session) says to ask: the command reads secrets/key.pem',
      rule: 'Read(./secrets/**)',
    });
  });

  it('a Bash deny rule keeps its plain message', () => {
    const p = new RulePolicy({ disallowedTools: ['Bash(cat:*)'], homeDir: home });
    expect(p.decide(bashQ('cat .env')).reason).toBe('denied by rule Bash(cat:*) (from the command line)');
  });
});
