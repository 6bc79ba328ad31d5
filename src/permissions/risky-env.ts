// Variables that make a "read-only" command run a program or look somewhere the analysis did not. The read-only
// list (read-only-commands.ts) judges `ls` and `git status` by their words; these variables change what the words
// do, so while one is set in the environment the commands run with, nothing is auto-allowed as read-only.
//
// Not listed: PAGER, GIT_PAGER, MANPAGER (the Bash tool sets them to `cat` for every command) and LESSOPEN /
// LESSCLOSE (only `less` reads them, and less is not on the list); flagging them would end the fast path for
// most users for no gain.

/** Exact names, with what each does. */
const RISKY: Readonly<Record<string, string>> = {
  BASH_ENV: 'bash runs that file before every command',
  ENV: 'a POSIX shell runs that file at start',
  SHELLOPTS: 'it sets shell options (xtrace runs PS4 expansions)',
  BASHOPTS: 'it sets shell options',
  PS4: 'its expansions run under xtrace',
  CDPATH: '`cd` may go somewhere else than the path it names',
  GIT_DIR: 'git reads another repository (and its config)',
  GIT_WORK_TREE: 'git works on another folder',
  GIT_COMMON_DIR: 'git reads another repository',
  GIT_EXTERNAL_DIFF: 'git diff runs that program',
  GIT_EXEC_PATH: 'git runs its subcommands from there',
  GIT_SSH: 'git runs that program',
  GIT_SSH_COMMAND: 'git runs that command',
  GIT_ASKPASS: 'git runs that program',
  GIT_EDITOR: 'git runs that program',
  GIT_SEQUENCE_EDITOR: 'git runs that program',
  RIPGREP_CONFIG_PATH: 'rg reads options from that file (--pre runs a program)',
  GREP_OPTIONS: 'old greps read options from it',
  LD_PRELOAD: 'every program loads that library',
  LD_AUDIT: 'every program loads that library',
};

/** Name prefixes: exported bash functions (`BASH_FUNC_ls%%` replaces ls) and git config from the environment. */
const RISKY_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['BASH_FUNC_', 'an exported shell function replaces a command'],
  ['GIT_CONFIG', 'git takes config from the environment (core.fsmonitor, core.pager... run programs)'],
  ['DYLD_', 'programs load libraries from there'],
];

/** `NAME (why)` for each variable that makes read-only commands unsafe to run unasked; empty when none. */
export function riskyEnvironment(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const why = Object.hasOwn(RISKY, name) ? RISKY[name] : RISKY_PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1];
    if (why) out.push(`${name} (${why})`);
    // `.`, an empty entry or any relative entry: `ls` (or the library it loads) may be a file the project ships.
    // Absolute entries are the user's own setup (CUDA machines set LD_LIBRARY_PATH) and are left alone.
    if ((name === 'PATH' || name === 'LD_LIBRARY_PATH') && value.split(':').some((dir) => !dir.startsWith('/'))) {
      out.push(`${name} (it has a relative entry, so a program or library may be a file in the project)`);
    }
  }
  return out;
}
