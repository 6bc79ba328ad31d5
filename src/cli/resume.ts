// `--continue` and `--resume [ID]`: find the session's log, rebuild the conversation and the state it had.
import type { Message, Usage } from '../model/types';
import { rebuildState, type UsageSplit } from '../session/rebuild-state';
import { latestSession, listSessions, sessionById, readTranscript, skippedNotice, type SessionSummary } from '../session/transcript-store';
import type { TodoItem } from '../tools/types';
import type { CliOptions } from './args';
import { StartupError } from './bootstrap-errors';
import type { Locations } from './project';

export interface ResumeState {
  sessionId: string;
  path: string;
  messages: Message[];
  todos: TodoItem[];
  agent?: string;
  model?: string;
  /** The base model and whether the user chose it (see RebuiltState). */
  sessionModel?: string;
  explicitModel?: boolean;
  mode?: string;
  sessionRules: Array<{ rule: string; behavior: 'allow' | 'deny' | 'ask' }>;
  /** What the session has cost so far, by model and by agent, as the log recorded it. */
  usageByModel: Record<string, UsageSplit>;
  usageByAgent: Record<string, UsageSplit>;
  /** Tokens in the context at the last request (input, cache and output): 0 when the log has no usage. */
  contextTokens: number;
  warnings: string[];
}

export async function loadResumeState(cli: CliOptions, locations: Locations): Promise<ResumeState> {
  const where = { tandemHome: locations.tandemHome, projectRoot: locations.projectRoot };
  let summary: SessionSummary | undefined;
  if (cli.resume) {
    // An exact id opens its file directly: listing would read every session of the project to find one.
    summary = await sessionById(where, cli.resume);
    if (!summary) {
      const sessions = await listSessions(where);
      summary = sessions.find((s) => s.sessionId.startsWith(cli.resume!));
    }
    if (!summary) throw new StartupError(`no session ${cli.resume} in this project (tandem --resume lists them)`);
  } else {
    summary = await latestSession(where);
  }
  if (!summary) throw new StartupError('there is no earlier session in this project to resume; start one with tandem');
  let read;
  try {
    read = await readTranscript(summary.path);
  } catch (error) {
    throw new StartupError(`could not read the session log ${summary.path}: ${(error as Error).message}. Start a new session with tandem, or pick another with --resume.`);
  }
  const state = rebuildState(read.entries);
  // What could not be loaded is said once, with line numbers; everything else is resumed.
  const warnings = read.skipped.length > 0 ? skippedNotice(`the session log ${summary.path}`, read.skipped) : [];
  if (state.unusable.length > 0) warnings.push(`resume left out ${state.unusable.length} entr${state.unusable.length === 1 ? 'y' : 'ies'} it could not apply: ${state.unusable.slice(0, 3).join('; ')}`);
  return {
    sessionId: summary.sessionId,
    path: summary.path,
    messages: state.messages,
    todos: state.todos,
    agent: state.agent,
    model: state.model,
    sessionModel: state.sessionModel,
    explicitModel: state.explicitModel,
    mode: state.mode,
    sessionRules: state.sessionRules,
    usageByModel: state.usageByModel,
    usageByAgent: state.usageByAgent,
    contextTokens: contextTokensOf(state.lastUsage?.usage),
    warnings,
  };
}

/** The context's size as the last request reported it (what `usage` events call contextTokens). */
function contextTokensOf(u: Usage | undefined): number {
  return u ? u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens + u.output_tokens : 0;
}

/** `--resume` without an id in the shell: the user picks a session before the shell draws. undefined: there is
 *  none; 'quit': the user left the picker (Esc). Without a terminal to draw on, the latest session is taken. */
export async function pickSessionId(locations: Locations): Promise<string | 'quit' | undefined> {
  const sessions = await listSessions({ tandemHome: locations.tandemHome, projectRoot: locations.projectRoot });
  if (sessions.length === 0) return undefined;
  if (!process.stdin.isTTY || !process.stdout.isTTY) return sessions[0]!.sessionId;
  const { sessionPreview } = await import('../session/session-preview');
  const { runSessionPicker } = await import('./session-picker');
  const rows = await Promise.all(
    sessions.slice(0, 200).map(async (s) => ({ ...s, ...(await sessionPreview(s.path).catch(() => ({ turns: 0, lastAnswer: '' }))) })),
  );
  const picked = await runSessionPicker(rows, { stdin: process.stdin, stdout: process.stdout });
  return picked.kind === 'quit' ? 'quit' : picked.sessionId;
}
