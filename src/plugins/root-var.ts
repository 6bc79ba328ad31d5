// `${CLAUDE_PLUGIN_ROOT}` in a plugin's hook commands. Replaced by the folder's path as text when that path needs no
// quoting in a shell; otherwise the command gets the variable set in front of it, so the shell expands it inside
// whatever quotes the author wrote and a folder name can never turn into shell syntax.
const SHELL_SAFE = /^[A-Za-z0-9_./@%+=:,-]+$/;
const ROOT_VAR = /\$\{CLAUDE_PLUGIN_ROOT\}/g;

export function expandRootInCommand(command: string, root: string): string {
  if (SHELL_SAFE.test(root)) return command.replace(ROOT_VAR, root);
  return `CLAUDE_PLUGIN_ROOT='${root.replace(/'/g, `'\\''`)}'; export CLAUDE_PLUGIN_ROOT; ${command}`;
}
