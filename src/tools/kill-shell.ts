// KillShell: stop a background command and everything it started.
import { z } from 'zod';
import { getBackgroundShell, shellRegistry, type BackgroundShell } from './shell-session';
import { defineTool, ToolError } from './types';

const inputSchema = z
  .object({
    shell_id: z.string().min(1).describe('The id of the background shell to stop ("bash_1").'),
  })
  .strict();

export const killShellTool = defineTool({
  name: 'KillShell',
  description: 'Stop a background Bash command (and the processes it started) by its shell id.',
  inputSchema,
  kind: 'execute',
  isReadOnly: () => false,
  async preview(input) {
    const title = `Stop background shell ${input.shell_id}`;
    return { kind: 'info', title };
  },
  async run(input, ctx) {
    const shell = getBackgroundShell(ctx.sessionStore, input.shell_id);
    if (!shell) {
      const ids = [...shellRegistry(ctx.sessionStore).shells.keys()];
      throw new ToolError(
        `No background shell "${input.shell_id}". ${ids.length ? `Known ids: ${ids.join(', ')}.` : 'None has been started in this session.'}`,
      );
    }
    if (!shell.proc.running) {
      const text = `${shell.id} had already finished (exit ${shell.proc.exitCode ?? '?'}).${unreadNote(shell)}`;
      return { forModel: text, summary: text };
    }
    await shell.proc.kill('killed');
    const text = `Killed ${shell.id} (${shell.proc.command.split('\n')[0]}).${unreadNote(shell)}`;
    return { forModel: text, summary: `Killed ${shell.id}`, details: { shellId: shell.id } };
  },
});

/** A killed command keeps what it printed: the model is told how much it has not read yet. */
function unreadNote(shell: BackgroundShell): string {
  const out = shell.proc.output;
  const lines = out.linesBetween(shell.readLine, out.endLine);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return '';
  return ` It left ${lines.length} unread line${lines.length === 1 ? '' : 's'} of output: read ${lines.length === 1 ? 'it' : 'them'} with BashOutput.`;
}
