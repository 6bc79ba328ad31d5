// `${CLAUDE_PLUGIN_ROOT}` in a plugin's hook commands. The command runs with the variable exported (scripts read it
// from their environment, as they do under Claude Code), set with single quotes so no folder name can become shell
// syntax. Where the folder's path needs no quoting it is also written into the command, so messages about the hook
// show the real path; otherwise the shell expands it inside whatever quotes the author wrote.
const SHELL_SAFE = /^[A-Za-z0-9_./@%+=:,-]+$/;
const ROOT_VAR = /\$\{CLAUDE_PLUGIN_ROOT\}/g;

export function expandRootInCommand(command: string, root: string): string {
  const body = SHELL_SAFE.test(root) ? command.replace(ROOT_VAR, root) : command;
  return `export CLAUDE_PLUGIN_ROOT='${root.replace(/'/g, `'\\''`)}'; ${body}`;
}
