// The names inside the writable area that programs outside the sandbox later run or obey: a repository's hooks and
// config (git runs them at the user's next commit; see git-guards.ts), `.mcp.json` (servers tandem and other tools
// start unsandboxed), editor task folders, agent, command and skill definitions, shell start-up files. They stay
// read-only for sandboxed commands in every writable root and below it (guard-scan.ts finds them per command).

/** Files read as configuration or code by programs that run outside the sandbox. */
export const GUARDED_FILES = ['.gitconfig', '.gitmodules', '.bashrc', '.bash_profile', '.zshrc', '.zprofile', '.profile', '.ripgreprc', '.mcp.json'];
/**
 * Folders of the same kind, read-only whole: `.claude/` (Claude Code's and tandem's settings, commands, agents, skills
 * and the scripts its hooks run) and `.tandem/` hold what tandem loads and runs when started there. Whole folders,
 * not the files in them: a bind of a file no longer holds once the host replaces the file by rename (an editor's
 * save, while a background job runs); a bind of its folder does.
 */
export const GUARDED_FOLDERS = ['.vscode', '.idea', '.claude', '.tandem'];

/**
 * When the home folder itself is writable (`--add-dir ~`, or a folder above it): what shells, git, the desktop,
 * services, package managers and Claude Code's and tandem's user settings read from it. `.config` and `.local`
 * (where `~/.local/bin` comes first on many PATHs) stay read-only whole.
 */
export const GUARDED_IN_HOME = ['.zshenv', '.zlogin', '.zlogout', '.bash_login', '.bash_logout', '.bash_aliases', '.inputrc', '.pam_environment', '.xprofile', '.xsession', '.xinitrc', '.config', '.local', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pypirc', '.netrc', '.claude', '.claude.json', '.tandem', '.ssh', '.gnupg', '.aws', '.kube', '.docker'];
