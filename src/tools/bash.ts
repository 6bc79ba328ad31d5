// Bash: one command in a pseudo-terminal, its output as plain text, the working directory carried to the next
// call. Long or endless commands can go to the background and be read later with BashOutput.
import fs from 'node:fs';
import { z } from 'zod';
import { describeHiddenCharacter, findHiddenCharacter } from './command-text';
import {
  addBackgroundShell,
  describeEnd,
  formatSeconds,
  startShell,
  type ShellProcess,
} from './shell-session';
import { defineTool, ToolError, type ToolContext, type ToolResult } from './types';
import { sandboxOf } from '../sandbox/controller';
import { explainSandboxFailure, sandboxAuditNote } from '../sandbox/explain';

export const DEFAULT_TIMEOUT_MS = 120_000;
export const MAX_TIMEOUT_MS = 600_000;

const inputSchema = z
  .object({
    command: z
      .string()
      .min(1)
      // Checked here, in input validation, so a refused command never reaches the preview or a permission prompt.
      .superRefine((command, ctx) => {
        const found = findHiddenCharacter(command);
        if (found) ctx.addIssue({ code: 'custom', message: describeHiddenCharacter(command, found) });
      })
      .describe('The command line to run with bash.'),
    timeout: z
      .number()
      .int()
      .min(1)
      .max(MAX_TIMEOUT_MS)
      .optional()
      .describe(`Milliseconds before the command is killed (default ${DEFAULT_TIMEOUT_MS}, at most ${MAX_TIMEOUT_MS}).`),
    description: z
      .string()
      .optional()
      .describe('A few words saying what the command does, shown to the user ("Run the unit tests").'),
    run_in_background: z
      .boolean()
      .optional()
      .describe('Start the command and return at once with a shell id; read its output later with BashOutput.'),
    dangerouslyDisableSandbox: z
      .boolean()
      .optional()
      .describe('Run outside the sandbox (when one is on). Only after a command failed because of the sandbox; the user is asked first.'),
  })
  .strict();

/** Where the command starts: the session's directory, or the project root when that directory has vanished. */
function startDir(ctx: ToolContext): { dir: string; note?: string } {
  if (fs.statSync(ctx.cwd, { throwIfNoEntry: false })?.isDirectory()) return { dir: ctx.cwd };
  const gone = ctx.cwd;
  ctx.setCwd(ctx.projectRoot);
  return { dir: ctx.projectRoot, note: `(the working directory ${gone} no longer exists; ran in ${ctx.projectRoot} instead)` };
}

function adoptFinalCwd(proc: ShellProcess, ctx: ToolContext): void {
  const dir = proc.takeFinalCwd();
  if (dir && dir !== ctx.cwd && fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) ctx.setCwd(dir);
}

export function outputWithNotes(proc: ShellProcess, text: string): string {
  const dropped = proc.output.droppedLines;
  return dropped > 0 ? `(${dropped.toLocaleString('en-US')} earlier lines dropped)\n${text}` : text;
}

export const bashTool = defineTool({
  name: 'Bash',
  description: [
    'Run a shell command with bash in a terminal and return its output (colours and progress redraws resolved to',
    'plain text) and exit code. The working directory persists between calls (a `cd` sticks); environment',
    'variables and shell state do not. stdin is empty: commands cannot prompt for input, so pass flags such as',
    '`--yes`. Quote paths with spaces. Default timeout 2 minutes (`timeout` up to 10 minutes); use',
    'run_in_background for servers and watchers, then BashOutput to read them and KillShell to stop them. Prefer',
    'Glob, Grep, LS and Read over find, grep, ls and cat. Raw control characters in the command are refused: write',
    "them as escapes ($'\\t', printf '\\033').",
  ].join(' '),
  inputSchema,
  kind: 'execute',
  // The permission layer judges the command text; the tool itself never claims to be harmless.
  isReadOnly: () => false,
  async preview(input, ctx) {
    return { kind: 'command', command: input.command, cwd: ctx.cwd, description: input.description };
  },
  async run(input, ctx): Promise<ToolResult> {
    if (ctx.signal.aborted) throw new ToolError('Interrupted by the user before the command started.');
    const { dir, note } = startDir(ctx);
    // Where the call runs is decided in one place (src/sandbox/controller.ts), the same answer the permission step got.
    const sandbox = sandboxOf(ctx.sessionStore);
    const placement = sandbox?.placement(input);
    if (placement?.kind === 'refused') throw new ToolError(`The command did not run: ${placement.why}`);
    const wrapper = placement?.kind === 'sandboxed' ? sandbox : undefined;
    const tag = wrapper ? ' (sandboxed)' : '';

    if (input.run_in_background) {
      const proc = await startShell({ command: input.command, cwd: dir, wrapper });
      const shell = addBackgroundShell(ctx.sessionStore, proc);
      // A background command's directory change is not adopted: later calls may already have moved on.
      void proc.done.then(() => proc.takeFinalCwd());
      const text = `Started in the background as ${shell.id} (pid ${proc.pid}). Read its output with BashOutput, stop it with KillShell.`;
      return {
        forModel: note ? `${note}\n${text}` : text,
        summary: `Started ${shell.id} in the background${tag}`,
        details: { shellId: shell.id, pid: proc.pid, background: true },
      };
    }

    const timeoutMs = input.timeout ?? DEFAULT_TIMEOUT_MS;
    const proc = await startShell({
      command: input.command,
      cwd: dir,
      onOutput: (chunk) => ctx.progress({ type: 'output', chunk }),
      wrapper,
    });
    const timer = setTimeout(() => void proc.kill('timeout'), timeoutMs);
    const onAbort = () => void proc.kill('interrupted');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await proc.done;
      if (proc.killReason) await proc.kill(proc.killReason); // wait for the rest of the group too
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
    }
    if (!proc.killReason) adoptFinalCwd(proc, ctx);
    else proc.takeFinalCwd();

    const status = describeEnd(proc, timeoutMs);
    const elapsed = formatSeconds((proc.endedAt ?? Date.now()) - proc.startedAt);
    const text = outputWithNotes(proc, proc.output.text());
    const parts = [note, text || '(no output)'];
    if (proc.killReason || proc.exitCode !== 0) parts.push(`(${status})`);
    const blocked = wrapper && proc.exitCode !== 0 && !proc.killReason
      ? explainSandboxFailure(text, wrapper.boundary(), wrapper.config.allowUnsandboxedCommands)
      : undefined;
    if (blocked) parts.push(blocked);
    // The check after sandboxed commands (this one's and background jobs' that ended since): what it moved aside.
    const audit = sandboxAuditNote(sandbox);
    if (audit) parts.push(audit);
    const forModel = parts.filter(Boolean).join('\n');
    return {
      forModel,
      summary: (proc.killReason ? status : `${status} in ${elapsed}`) + tag,
      display: [text, blocked, audit].filter(Boolean).join('\n'),
      isError: proc.killReason !== undefined,
      details: { exitCode: proc.exitCode, killed: proc.killReason ?? null, cwd: ctx.cwd, durationMs: (proc.endedAt ?? 0) - proc.startedAt },
    };
  },
});
