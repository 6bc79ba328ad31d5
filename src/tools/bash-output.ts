// BashOutput: what a background shell printed since the last look, and whether it is still running.
import { z } from 'zod';
import { describeEnd, getBackgroundShell, shellRegistry } from './shell-session';
import { defineTool, ToolError } from './types';

const inputSchema = z
  .object({
    bash_id: z.string().min(1).describe('The id Bash returned for a background command ("bash_1").'),
    filter: z
      .string()
      .optional()
      .describe('Regular expression (JavaScript syntax); only new lines matching it are returned. Unmatched lines are still consumed.'),
  })
  .strict();

export const bashOutputTool = defineTool({
  name: 'BashOutput',
  description: [
    'Read the output a background Bash command produced since the last read, with its status (running, or its',
    'exit code). Lines are returned once; an unfinished last line waits until it is complete or the command ends.',
  ].join(' '),
  inputSchema,
  kind: 'read',
  isReadOnly: () => true,
  async preview(input) {
    return { kind: 'info', title: `Read output of ${input.bash_id}` };
  },
  async run(input, ctx) {
    const shell = getBackgroundShell(ctx.sessionStore, input.bash_id);
    if (!shell) {
      const ids = [...shellRegistry(ctx.sessionStore).shells.keys()];
      throw new ToolError(
        `No background shell "${input.bash_id}". ${ids.length ? `Known ids: ${ids.join(', ')}.` : 'None has been started in this session.'}`,
      );
    }
    let filter: RegExp | undefined;
    if (input.filter !== undefined) {
      try {
        filter = new RegExp(input.filter);
      } catch (err) {
        throw new ToolError(`Invalid filter regex: ${(err as Error).message}`);
      }
    }
    const { proc } = shell;
    const out = proc.output;
    // While running, the cursor's line may still change (a progress bar): only lines before it are final.
    const end = proc.running ? out.cursorLine : out.endLine;
    const skipped = Math.max(0, out.droppedLines - shell.readLine);
    let lines = out.linesBetween(shell.readLine, end);
    shell.readLine = Math.max(shell.readLine, end);
    if (!proc.running) while (lines.length && lines[lines.length - 1] === '') lines.pop();
    if (filter) lines = lines.filter((l) => filter.test(l));
    const status = describeEnd(proc);
    let body = lines.join('\n');
    if (skipped > 0) body = `(${skipped.toLocaleString('en-US')} unread lines were dropped to stay within memory)\n${body}`;
    const forModel = `${body || '(no new output)'}\n(status: ${status})`;
    return {
      forModel,
      summary: `${lines.length} new line${lines.length === 1 ? '' : 's'}; ${status}`,
      display: body,
      details: { shellId: shell.id, running: proc.running, exitCode: proc.exitCode, lines: lines.length },
    };
  },
});
