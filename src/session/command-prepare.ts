// Turns `/name args` into what is sent: arguments placed, `!`cmd`` spans run and replaced by their output, `@path`
// files attached, and the command's `model` and `allowed-tools` handed to the turn. Shared by the REPL and
// headless mode. A `!` span runs only when the same permission policy the Bash tool uses allows it (the command's
// allowed-tools counted, deny and ask rules winning) and, for a project's command, only in a trusted folder;
// anything that would ask is not run, since nobody approved it.
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TurnOptions } from '../engine/controller';
import type { PermissionMode, PermissionPolicy, PermissionQuery } from '../permissions/types';
import { substituteArguments, usesArguments, type CustomCommand } from './custom-commands';

export interface PrepareDeps {
  policy: PermissionPolicy;
  mode: PermissionMode;
  cwd: string;
  projectRoot: string;
  /** Runs one shell line (tests may replace it); the default is bash -c in `cwd` with a time limit. */
  runShell?: (command: string, cwd: string) => Promise<{ output: string; exitCode: number | null }>;
}

export interface PreparedCommand {
  prompt: string;
  turn: TurnOptions;
  /** One line per `!` span and `@` file: what ran or was attached, and what was refused and why. */
  notes: string[];
}

const SHELL_SPAN = /!`([^`\n]+)`/g;
const FILE_REF = /(^|[\s(])@((?:[A-Za-z0-9_./~-]|\\ )+)/g;
const MAX_OUTPUT = 20_000;
const MAX_FILE = 100_000;

export async function prepareCustomCommand(command: CustomCommand, args: string, deps: PrepareDeps): Promise<PreparedCommand> {
  const notes: string[] = [];
  const label = `command /${command.name} (${path.relative(deps.projectRoot, command.source) || command.source})`;
  const trustedEnough = command.mayRunShell;
  const allowRules = command.allowedTools?.length ? command.allowedTools : undefined;
  if (allowRules && !trustedEnough) notes.push(`${label}: allowed-tools not applied: this folder is not trusted (/trust)`);
  const turn: TurnOptions = { source: label };
  if (allowRules && trustedEnough) turn.allowRules = allowRules;
  if (command.model) turn.model = command.model;

  // Shell spans are found in the template before arguments are placed, so typed arguments can never add one.
  const pieces: string[] = [];
  // `@path` is looked for in what the command and its arguments say, never in a shell line's output.
  const written: string[] = [];
  let last = 0;
  for (const m of command.template.matchAll(SHELL_SPAN)) {
    pieces.push(substituteArguments(command.template.slice(last, m.index), args));
    written.push(pieces[pieces.length - 1]!);
    const line = substituteArguments(m[1]!, args).trim();
    pieces.push(await shellSpan(line, { deps, trustedEnough, allowRules: turn.allowRules, label, notes }));
    last = m.index! + m[0].length;
  }
  pieces.push(substituteArguments(command.template.slice(last), args));
  written.push(pieces[pieces.length - 1]!);
  let prompt = pieces.join('');
  const trimmed = args.trim();
  if (!usesArguments(command.template) && trimmed) {
    prompt = `${prompt}\n\nARGUMENTS: ${trimmed}`;
    written.push(trimmed);
  }

  const attachments = await fileAttachments(written.join('\n'), deps, notes);
  if (attachments.length) prompt = `${prompt}\n\n${attachments.join('\n\n')}`;
  return { prompt, turn, notes };
}

async function shellSpan(
  line: string,
  ctx: { deps: PrepareDeps; trustedEnough: boolean; allowRules?: string[]; label: string; notes: string[] },
): Promise<string> {
  const { deps, notes } = ctx;
  if (!ctx.trustedEnough) {
    notes.push(`! ${line}: not run: project commands run shell lines only in a trusted folder (/trust)`);
    return `[shell line not run (folder not trusted): ${line}]`;
  }
  const query: PermissionQuery = {
    toolName: 'Bash',
    input: { command: line },
    preview: { kind: 'command', command: line, cwd: deps.cwd },
    agentName: 'main',
    mode: deps.mode,
    cwd: deps.cwd,
    projectRoot: deps.projectRoot,
    toolKind: 'execute',
  };
  const remove = ctx.allowRules && deps.policy.addTurnRules ? deps.policy.addTurnRules(ctx.allowRules, ctx.label) : undefined;
  let decision;
  try {
    decision = deps.policy.decide(query);
  } finally {
    remove?.();
  }
  if (decision.behavior !== 'allow') {
    const why = decision.behavior === 'deny' ? decision.reason : `it would need approval (${decision.reason}); list it in the command's allowed-tools, e.g. Bash(${line.split(/\s+/)[0]}:*), or add an allow rule`;
    notes.push(`! ${line}: not run: ${why}`);
    return `[shell line not run: ${line}: ${decision.behavior === 'deny' ? 'denied by a permission rule' : 'not allowed without approval'}]`;
  }
  const run = deps.runShell ?? runShellLine;
  const { output, exitCode } = await run(line, deps.cwd);
  notes.push(`! ${line}: ran (exit ${exitCode ?? 'killed'})`);
  const body = output.length > MAX_OUTPUT ? `${output.slice(0, MAX_OUTPUT)}\n[... ${output.length - MAX_OUTPUT} more characters not shown]` : output;
  return body.replace(/\s+$/, '');
}

async function fileAttachments(prompt: string, deps: PrepareDeps, notes: string[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of prompt.matchAll(FILE_REF)) {
    const written = m[2]!.replace(/\\ /g, ' ').replace(/[.,;:)]+$/, '');
    const abs = path.resolve(deps.cwd, written.startsWith('~/') ? path.join(process.env.HOME ?? '', written.slice(2)) : written);
    if (seen.has(abs)) continue;
    seen.add(abs);
    const info = await stat(abs).catch(() => null);
    if (!info?.isFile()) continue;
    const query: PermissionQuery = {
      toolName: 'Read',
      input: { file_path: abs },
      preview: { kind: 'info', title: `Read ${written}`, paths: [abs] },
      agentName: 'main',
      mode: deps.mode,
      cwd: deps.cwd,
      projectRoot: deps.projectRoot,
      toolKind: 'read',
    };
    const decision = deps.policy.decide(query);
    if (decision.behavior !== 'allow') {
      notes.push(`@${written}: not attached: ${decision.behavior === 'deny' ? decision.reason : `reading it would need approval (${decision.reason})`}`);
      continue;
    }
    const text = await readFile(abs, 'utf8').catch(() => null);
    if (text === null) continue;
    const body = text.length > MAX_FILE ? `${text.slice(0, MAX_FILE)}\n[... truncated; Read ${abs} for the rest]` : text;
    notes.push(`@${written}: attached (${text.length} characters)`);
    out.push(`Contents of ${written} (${abs}):\n\`\`\`\n${body}\n\`\`\``);
  }
  return out;
}

function runShellLine(command: string, cwd: string): Promise<{ output: string; exitCode: number | null }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const add = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT * 2) output += chunk.toString('utf8');
    };
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ output: `${output}${error.message}`, exitCode: null });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ output, exitCode: code });
    });
  });
}
