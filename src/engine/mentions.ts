// `@path` in a typed prompt: each mention of a file or folder becomes a Read (or an LS of the folder) the model sees
// with the prompt, as if it had made the call itself. The call goes through the tool runner, so Read's own rules
// hold: deny rules refuse, outside-project paths ask, symlinks are judged by where they lead, and binary or huge
// files are cut the way Read cuts them. The screen shows one attachment line per mention instead of a tool call.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AgentDefinition } from '../agents/types';
import type { ToolResultBlock, ToolUseBlock, UserBlock } from '../model/types';
import type { EngineEvent, Speaker } from './events';
import type { EngineServices } from './services';
import { runToolCall } from './tool-runner';
import { ATTACHMENT_HEAD } from './user-blocks';

export interface Mention {
  /** As typed, without the `@` (and without quotes). */
  written: string;
}

/**
 * `@word` at the start or after a space or `(`; `@"a path with spaces"` quoted; `\ ` escapes a space. An email
 * address (`a@b.c`) is not a mention: the `@` must start a word.
 */
const MENTION = /(^|[\s(])@(?:"([^"\n]+)"|((?:\\ |[^\s"])+))/g;
/** More than this in one prompt is a paste of some listing, not a request to read every file in it. */
const MAX_MENTIONS = 20;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;
/** `@server:uri`: an MCP resource (the mcp side attaches those): a name, a colon, then anything. */
const RESOURCE = /^[A-Za-z0-9_.-]+:\S/;

export function parseMentions(prompt: string): Mention[] {
  const out: Mention[] = [];
  for (const m of prompt.matchAll(MENTION)) {
    const written = m[2] ?? m[3]!.replace(/\\ /g, ' ');
    if (written) out.push({ written });
  }
  return out;
}

/** Hook for MCP resources: a `@server:uri` token that names no existing file is theirs, not ours. */
export function looksLikeResource(written: string): boolean {
  return RESOURCE.test(written);
}

function resolveWritten(written: string, cwd: string): string {
  const home = process.env.HOME ?? '';
  const expanded = written === '~' ? home : written.startsWith('~/') ? path.join(home, written.slice(2)) : written;
  return path.resolve(cwd, expanded);
}

export interface AttachScope {
  services: EngineServices;
  agent: AgentDefinition;
  speaker: Speaker;
  signal: AbortSignal;
  cwd: string;
}

/** The blocks to send with the prompt, one per attached file or folder, in the order they were mentioned. */
export async function attachMentions(prompt: string, scope: AttachScope): Promise<UserBlock[]> {
  const blocks: UserBlock[] = [];
  const seen = new Set<string>();
  const note = (level: 'info' | 'warning', message: string) => scope.services.emit({ type: 'notice', level, message });
  const mentions = parseMentions(prompt);
  if (mentions.length > MAX_MENTIONS) note('warning', `only the first ${MAX_MENTIONS} of ${mentions.length} @ mentions are attached; the rest stay as text`);
  for (const mention of mentions.slice(0, MAX_MENTIONS)) {
    if (scope.signal.aborted) break;
    // A sentence may end right after the path: try it as written, then without the punctuation.
    let written = mention.written;
    let abs = resolveWritten(written, scope.cwd);
    let info = await stat(abs).catch(() => null);
    if (!info && TRAILING_PUNCTUATION.test(written)) {
      const trimmed = written.replace(TRAILING_PUNCTUATION, '');
      const trimmedAbs = resolveWritten(trimmed, scope.cwd);
      const trimmedInfo = trimmed ? await stat(trimmedAbs).catch(() => null) : null;
      if (trimmedInfo) {
        written = trimmed;
        abs = trimmedAbs;
        info = trimmedInfo;
      }
    }
    if (!info) {
      const shown = written.replace(TRAILING_PUNCTUATION, '') || written;
      if (!looksLikeResource(shown)) note('info', `@${shown}: no such file or folder; left as text`);
      continue;
    }
    if (seen.has(abs)) continue;
    seen.add(abs);
    const call: ToolUseBlock = info.isDirectory()
      ? { type: 'tool_use', id: mentionId(), name: 'LS', input: { path: abs } }
      : { type: 'tool_use', id: mentionId(), name: 'Read', input: { file_path: abs } };
    const outcome = await attachOne(call, scope);
    if (outcome.kind === 'refused') {
      note('warning', `@${written}: not attached: ${outcome.reason}`);
      continue;
    }
    note('info', `@${written} (${attachmentSize(outcome.summary)})`);
    blocks.push(...asUserBlocks(call, outcome.result));
  }
  return blocks;
}

const mentionId = () => `toolu_mention_${randomUUID().replace(/-/g, '')}`;

type AttachOutcome = { kind: 'attached'; result: ToolResultBlock; summary: string } | { kind: 'refused'; reason: string };

/**
 * Runs the Read (or LS) through the tool runner with its tool events kept off the screen (the attachment line
 * replaces them); a permission prompt still shows, since the user must answer it.
 */
async function attachOne(call: ToolUseBlock, scope: AttachScope): Promise<AttachOutcome> {
  let summary = '';
  let state: string | null = null;
  const services: EngineServices = {
    ...scope.services,
    checkpoints: undefined,
    emit: (event: EngineEvent) => {
      if ('callId' in event && event.callId === call.id && event.type !== 'permission_request') {
        if (event.type === 'tool_state') state = event.state;
        if (event.type === 'tool_result') summary = event.summary;
        return;
      }
      scope.services.emit(event);
    },
  };
  const { result } = await runToolCall(call, { services, agent: scope.agent, allowedTools: new Set([call.name]), speaker: scope.speaker, signal: scope.signal });
  if (result.is_error || state !== 'done') {
    const text = typeof result.content === 'string' ? result.content : 'the call failed';
    return { kind: 'refused', reason: text.split('\n')[0]!.replace(/^Permission denied: /, 'denied: ') };
  }
  return { kind: 'attached', result, summary };
}

/** "Read 120 lines" -> "120 lines"; "Listed 5 entries" -> "5 entries". */
function attachmentSize(summary: string): string {
  return summary.replace(/^(Read|Listed)\s+/, '') || 'attached';
}

/** The model is told what it would have seen had it made the call, as text (and any image Read returned). */
function asUserBlocks(call: ToolUseBlock, result: ToolResultBlock): UserBlock[] {
  const head = `${ATTACHMENT_HEAD} (as if you had called ${call.name} with ${JSON.stringify(call.input)}):`;
  if (typeof result.content === 'string') return [{ type: 'text', text: `${head}\n${result.content}` }];
  return [{ type: 'text', text: head }, ...result.content];
}
