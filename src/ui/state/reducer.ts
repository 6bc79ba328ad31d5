// Pure reducer: engine events (and a few UI actions) -> screen state. No React here, so it is unit-tested alone.
import type { Speaker } from '../../engine/events';
import { excerpt, keyArgument, resultText } from '../format/tool-text';
import { failedExitCode, failureExcerpt } from '../format/failure';
import { splitForCommit } from './commit-point';
import { sanitize, sanitizeLine } from '../../text/sanitize';
import { appendLiveOutput, appendSafeText, safeItem, safePreviewOf, safeRequest, safeStatus, safeTodos } from './safe-text';
import type { Action, LiveStream, LiveTool, NewItem, ScreenState, StatusInfo } from './types';
import { progressText, safeForm } from './safe-form';

/** Lines of a tool result shown in the transcript before "+N lines". */
export const RESULT_EXCERPT_LINES = 4;
/** Live output kept per running tool (bounded memory). */
const OUTPUT_TAIL_CHARS = 4000;

export function initialState(status: Partial<StatusInfo> = {}, opts: { commitMinLines?: number } = {}): ScreenState {
  return {
    commitMinLines: opts.commitMinLines ?? 0,
    staticItems: [],
    staticKey: 0,
    nextId: 1,
    streams: {},
    tools: [],
    prompts: [],
    todos: [],
    todosVisible: true,
    lastResult: null,
    retry: null,
    status: {
      agent: 'main',
      model: '',
      mode: 'default',
      cwd: process.cwd(),
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      contextPct: null,
      busy: false,
      busySince: null,
      ...status,
    },
  };
}

const streamKey = (s: Speaker) => s.parentToolUseId ?? 'main';

/** A small mutable draft so one batch of events copies the state once. */
class Draft {
  s: ScreenState;
  /** Streams that got text in this batch: they are checked for a commit point once, at the end of the batch. */
  grown = new Set<string>();
  constructor(
    prev: ScreenState,
    readonly now: number,
  ) {
    this.s = { ...prev, staticItems: [...prev.staticItems], streams: { ...prev.streams }, tools: [...prev.tools] };
  }

  /** Every transcript item passes here, so every one is sanitised here. */
  push(item: NewItem): void {
    this.s.staticItems.push({ ...safeItem(item), id: this.s.nextId++ } as ScreenState['staticItems'][number]);
  }

  /** Before a nested line is printed, its parent Task line must be printed so the nesting reads right. */
  ensureParentHeader(speaker: Speaker): void {
    if (!speaker.parentToolUseId) return;
    const i = this.s.tools.findIndex((t) => t.callId === speaker.parentToolUseId);
    const t = i >= 0 ? this.s.tools[i] : undefined;
    if (!t || t.headerCommitted) return;
    this.ensureParentHeader(t.speaker);
    this.push({
      kind: 'tool',
      phase: 'header',
      depth: t.speaker.depth,
      name: t.name,
      keyArg: keyArgument(t.name, t.input, this.s.status.cwd),
      state: t.state,
      summary: '',
      excerpt: '',
      hiddenLines: 0,
      label: t.speaker.depth > 0 ? { name: t.speaker.agent, color: t.speaker.color } : undefined,
    });
    this.s.tools[i] = { ...t, headerCommitted: true };
  }

  stream(speaker: Speaker): LiveStream {
    const key = streamKey(speaker);
    return (
      this.s.streams[key] ?? {
        speaker,
        text: '',
        thinkingChars: 0,
        committedSinceStart: false,
        labelPending: speaker.depth > 0,
      }
    );
  }

  commitText(st: LiveStream, text: string): LiveStream {
    if (text.trim() === '') return st;
    this.ensureParentHeader(st.speaker);
    this.push({
      kind: 'markdown',
      depth: st.speaker.depth,
      text,
      label: st.labelPending ? { name: st.speaker.agent, color: st.speaker.color } : undefined,
    });
    return { ...st, committedSinceStart: true, labelPending: false };
  }

  /** Prints the whole tail of a stream (the block ended). */
  finishStream(speaker: Speaker): void {
    const key = streamKey(speaker);
    const st = this.s.streams[key];
    if (!st) return;
    const done = this.commitText(st, st.text.replace(/\s+$/, ''));
    this.s.streams[key] = { ...done, text: '' };
  }

  updateTool(callId: string, f: (t: LiveTool) => LiveTool): LiveTool | undefined {
    const i = this.s.tools.findIndex((t) => t.callId === callId);
    if (i < 0) return undefined;
    const next = f(this.s.tools[i]!);
    this.s.tools[i] = next;
    return next;
  }

  commitTool(t: LiveTool, state: LiveTool['state'], summary: string, body: string, exitCode?: number): void {
    this.ensureParentHeader(t.speaker);
    const failed = state === 'error' || state === 'cancelled';
    // A failure shows the lines that say why (a command's last lines); a denial shows the reason, not the
    // sentence written for the model.
    const ex =
      state === 'denied'
        ? { text: '', hidden: 0, fromEnd: false }
        : failed
          ? failureExcerpt(withoutSummaryLine(body, summary), t.name === 'Bash' || t.preview?.kind === 'command')
          : { ...excerpt(body, RESULT_EXCERPT_LINES), fromEnd: false };
    if (state === 'denied') summary = deniedSummary(t, summary);
    // A done edit shows the diff it approved (or ran without asking) instead of the model's one-line echo of it.
    const diff = state === 'done' && t.preview?.kind === 'diff' ? { path: t.preview.path, oldText: t.preview.oldText, newText: t.preview.newText } : undefined;
    const quiet = diff !== undefined || (state === 'done' && (t.name === 'Read' || t.name === 'TodoWrite'));
    this.push({
      kind: 'tool',
      phase: t.headerCommitted ? 'result' : 'full',
      depth: t.speaker.depth,
      name: t.name,
      keyArg: keyArgument(t.name, t.input, this.s.status.cwd),
      state,
      summary,
      excerpt: quiet ? '' : ex.text,
      hiddenLines: quiet ? 0 : ex.hidden,
      excerptFromEnd: ex.fromEnd || undefined,
      exitCode,
      label: t.speaker.depth > 0 && !t.headerCommitted ? { name: t.speaker.agent, color: t.speaker.color } : undefined,
      diff,
    });
    this.s.tools = this.s.tools.filter((x) => x.callId !== t.callId);
  }

  /** The answer came (or the turn ended): the retry line goes, one quiet line records that it happened. */
  retryDone(): void {
    const r = this.s.retry;
    if (!r) return;
    this.s.retry = null;
    this.push({ kind: 'notice', depth: r.depth, level: 'info', text: r.text.replace(/ — retrying in [^,]*, /, ' — retried, ') });
  }

  /** End of turn: print what is left and forget live pieces. */
  finishAll(): void {
    this.retryDone();
    for (const st of Object.values(this.s.streams)) this.finishStream(st.speaker);
    this.s.streams = {};
    for (const t of [...this.s.tools]) {
      const final = t.state === 'running' || t.state === 'pending' || t.state === 'awaiting_approval' ? 'cancelled' : t.state;
      this.commitTool(t, final, t.summary ?? '', '');
    }
    this.s.tools = [];
    this.s.prompts = [];
    this.s.forms = [];
  }
}

function apply(d: Draft, a: Action): void {
  const s = d.s;
  switch (a.type) {
    case 'session_started':
      s.status = { ...s.status, ...safeStatus({ agent: a.agent, model: a.model, cwd: a.cwd }), mode: a.mode };
      return;
    case 'user_prompt':
      d.push({ kind: 'user', depth: 0, text: a.text });
      return;
    case 'assistant_start': {
      const st = d.stream(a.speaker);
      s.streams[streamKey(a.speaker)] = {
        ...st,
        speaker: a.speaker,
        text: '',
        thinkingChars: 0,
        committedSinceStart: false,
        labelPending: a.speaker.depth > 0,
      };
      return;
    }
    case 'text_delta': {
      d.retryDone();
      s.status = { ...s.status, streamedChars: (s.status.streamedChars ?? 0) + a.text.length };
      const st = d.stream(a.speaker);
      const key = streamKey(a.speaker);
      s.streams[key] = { ...st, text: appendSafeText(st.text, a.text) };
      d.grown.add(key);
      return;
    }
    case 'thinking_delta': {
      d.retryDone();
      s.status = { ...s.status, streamedChars: (s.status.streamedChars ?? 0) + a.text.length };
      const st = d.stream(a.speaker);
      s.streams[streamKey(a.speaker)] = { ...st, thinkingChars: st.thinkingChars + a.text.length };
      return;
    }
    case 'assistant_block': {
      d.retryDone();
      const block = a.block;
      if (block.type === 'text') d.finishStream(a.speaker);
      else if (block.type === 'thinking') {
        const st = d.stream(a.speaker);
        d.ensureParentHeader(a.speaker);
        const chars = typeof block.thinking === 'string' ? block.thinking.length : st.thinkingChars;
        d.push({ kind: 'thinking', depth: a.speaker.depth, chars });
        s.streams[streamKey(a.speaker)] = { ...st, thinkingChars: 0, committedSinceStart: true };
      }
      return;
    }
    case 'assistant_done':
      d.finishStream(a.speaker);
      return;
    case 'retry': {
      const st = d.stream(a.speaker);
      const secs = Math.round(a.delayMs / 100) / 10;
      const lost = st.committedSinceStart ? ' The partial answer above is incomplete and will be sent again.' : '';
      s.streams[streamKey(a.speaker)] = { ...st, text: '', thinkingChars: 0 };
      // Only what cannot be taken back is printed; the retry itself is one live line, updated in place.
      if (lost) d.push({ kind: 'notice', depth: a.speaker.depth, level: 'warning', text: `${a.reason}.${lost}` });
      s.retry = { depth: a.speaker.depth, text: sanitizeLine(`${a.reason} — retrying in ${secs} s, attempt ${a.attempt} of ${a.maxAttempts}`) };
      return;
    }
    case 'fallback':
      d.push({ kind: 'notice', depth: a.speaker.depth, level: 'warning', text: `Switched model ${a.from} -> ${a.to}: ${a.reason}` });
      return;
    case 'tool_call': {
      // Text streamed before the call is finished: print it so the tool line comes after it.
      d.finishStream(a.speaker);
      // The engine announces a call twice: at once, then with its preview (and any input a hook rewrote). The
      // preview is what a finished edit shows, asked or not, so the second announcement fills it in.
      if (s.tools.some((t) => t.callId === a.callId)) {
        if (a.preview) d.updateTool(a.callId, (t) => ({ ...t, input: a.input, preview: safePreviewOf(a.preview) }));
        return;
      }
      s.tools.push({
        callId: a.callId,
        name: sanitizeLine(a.name),
        input: a.input,
        preview: safePreviewOf(a.preview),
        state: 'pending',
        speaker: a.speaker,
        output: '',
        headerCommitted: false,
      });
      return;
    }
    case 'tool_state':
      d.updateTool(a.callId, (t) => ({
        ...t,
        state: a.state,
        summary: a.summary === undefined ? t.summary : sanitizeLine(a.summary),
        startedAt: a.state === 'running' ? (t.startedAt ?? d.now) : t.startedAt,
      }));
      return;
    case 'tool_output':
      d.updateTool(a.callId, (t) => {
        const { text: output, rewind } = appendLiveOutput(t.output, t.outputRewind === true, a.chunk);
        return { ...t, output: output.length > OUTPUT_TAIL_CHARS ? output.slice(-OUTPUT_TAIL_CHARS) : output, outputRewind: rewind };
      });
      return;
    case 'tool_result': {
      const t = s.tools.find((x) => x.callId === a.callId);
      const body = sanitize(a.display ?? resultText(a.result.content));
      const exitCode = failedExitCode(a.details);
      const state = a.result.is_error ? (t && (t.state === 'denied' || t.state === 'cancelled') ? t.state : 'error') : exitCode !== null ? 'error' : 'done';
      const live: LiveTool = t ?? {
        callId: a.callId,
        name: sanitizeLine(a.name),
        input: {},
        state,
        speaker: a.speaker,
        output: '',
        headerCommitted: false,
      };
      d.commitTool(live, state, sanitizeLine(a.summary), body, exitCode ?? undefined);
      const diff = state === 'done' && live.preview?.kind === 'diff' ? live.preview : undefined;
      s.lastResult = { title: `${live.name} ${keyArgument(a.name, live.input, s.status.cwd)}`.trim(), body, diff };
      return;
    }
    case 'permission_request':
      if (!s.prompts.some((p) => p.requestId === a.requestId)) s.prompts = [...s.prompts, safeRequest(a)];
      d.updateTool(a.callId, (t) => ({ ...t, state: 'awaiting_approval', preview: t.preview ?? safePreviewOf(a.preview) }));
      return;
    case 'permission_resolved':
      s.prompts = s.prompts.filter((p) => p.requestId !== a.requestId);
      return;
    case 'ui_prompt_answered': {
      const req = s.prompts.find((p) => p.requestId === a.requestId);
      const feedback = a.feedback?.trim();
      if (req && feedback) d.updateTool(req.callId, (t) => ({ ...t, feedback: sanitizeLine(feedback) }));
      s.prompts = s.prompts.filter((p) => p.requestId !== a.requestId);
      return;
    }
    case 'elicitation_request':
      if (!(s.forms ?? []).some((f) => f.requestId === a.requestId)) s.forms = [...(s.forms ?? []), safeForm(a)];
      return;
    case 'elicitation_resolved':
      s.forms = (s.forms ?? []).filter((f) => f.requestId !== a.requestId);
      return;
    case 'tool_progress':
      d.updateTool(a.callId, (t) => ({ ...t, progress: progressText(a.progress, a.total, a.message) }));
      return;
    case 'todos':
      s.todos = safeTodos(a.todos);
      return;
    case 'agent_switched':
      d.push({ kind: 'agent_switch', depth: 0, from: a.from, to: a.to, color: a.color, model: a.model });
      s.status = { ...s.status, ...safeStatus({ agent: a.to, model: a.model }), color: a.color };
      return;
    case 'model_changed':
      s.status = { ...s.status, ...safeStatus({ model: a.model }) };
      d.push({ kind: 'notice', depth: 0, level: 'info', text: `Model: ${a.model}` });
      return;
    case 'mode_changed':
      s.status = { ...s.status, mode: a.mode };
      return;
    case 'usage': {
      const u = a.total;
      s.status = {
        ...s.status,
        inputTokens: u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens,
        outputTokens: u.output_tokens,
        costUsd: a.costUsd,
        contextPct: a.contextWindow > 0 ? Math.min(100, Math.round((a.contextTokens / a.contextWindow) * 100)) : null,
        streamedChars: 0,
      };
      return;
    }
    case 'notice':
      d.push({ kind: 'notice', depth: 0, level: a.level, text: a.message });
      return;
    case 'turn_done':
      d.finishAll();
      if (a.result.error) d.push({ kind: 'notice', depth: 0, level: 'error', text: a.result.error });
      else if (a.result.subtype === 'error_max_turns')
        d.push({ kind: 'notice', depth: 0, level: 'warning', text: `Stopped after ${a.result.numTurns} turns (the agent's max turns).` });
      s.status = { ...s.status, busy: false, busySince: null };
      return;
    case 'stream_event':
    case 'status':
    case 'compact_boundary':
    case 'subagent_start':
      return;
    case 'subagent_done':
      d.finishStream(a.speaker);
      delete s.streams[streamKey(a.speaker)];
      return;
    case 'ui_busy':
      s.status = { ...s.status, busy: a.busy, busySince: a.busy ? (s.status.busySince ?? d.now) : null };
      if (!a.busy) d.finishAll();
      return;
    case 'ui_item':
      d.push(a.item);
      return;
    case 'ui_static_printed':
      s.staticItems = [];
      s.staticKey++;
      return;
    case 'ui_status':
      s.status = { ...s.status, ...safeStatus(a.status) };
      return;
    case 'ui_toggle_todos':
      s.todosVisible = !s.todosVisible;
      return;
    case 'ui_clear':
      s.retry = null;
      s.staticItems = [];
      s.staticKey++;
      s.streams = {};
      s.tools = [];
      s.todos = [];
      s.lastResult = null;
      return;
    default: {
      const never: never = a;
      void never;
    }
  }
}

export function reduce(state: ScreenState, action: Action, now = Date.now()): ScreenState {
  return reduceMany(state, [action], now);
}

export function reduceMany(state: ScreenState, actions: readonly Action[], now = Date.now()): ScreenState {
  const d = new Draft(state, now);
  for (const a of actions) apply(d, a);
  for (const key of d.grown) commitSafeHead(d, key);
  pauseWhilePrompted(d.s, now);
  return d.s;
}

/** While a prompt waits for the user the clock stands still: the wait is not the agent's working time. */
function pauseWhilePrompted(s: ScreenState, now: number): void {
  const st = s.status;
  const waiting = s.prompts.length > 0 && st.busy;
  if (waiting && st.pausedAt == null) s.status = { ...st, pausedAt: now };
  else if (!waiting && st.pausedAt != null) {
    s.status = { ...st, pausedAt: null, busySince: st.busySince === null ? null : st.busySince + (now - st.pausedAt) };
  }
}

/** Summaries the engine gives a denial that say nothing more than the word "denied" already does. */
const BARE_DENIALS = new Set(['denied', 'denied with feedback', 'needs approval', 'denied (headless)']);

/** Why a call was denied: the user's own words, else the rule or hook's reason, else nothing. */
function deniedSummary(t: LiveTool, summary: string): string {
  if (t.feedback) return t.feedback;
  for (const s of [t.summary ?? '', summary]) if (s && !BARE_DENIALS.has(s)) return s;
  return '';
}

/** An error message whose first line is already the summary: the rest says more (a command's output is kept). */
function withoutSummaryLine(body: string, summary: string): string {
  const nl = body.indexOf('\n');
  const first = nl < 0 ? body : body.slice(0, nl);
  const stem = summary.replace(/\.\.\.$/, '');
  return stem && first.startsWith(stem) ? (nl < 0 ? '' : body.slice(nl + 1)) : body;
}

/** Lines in `text` (newlines + 1). */
function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Prints the head of a growing answer up to its last safe point. Each print costs Ink a full extra frame, so with
 * `commitMinLines` the tail is allowed to grow to that many lines first: fewer, larger prints, a live part that
 * stays small.
 */
function commitSafeHead(d: Draft, key: string): void {
  const st = d.s.streams[key];
  if (!st || !st.text) return;
  if (d.s.commitMinLines > 0 && lineCount(st.text) < d.s.commitMinLines) return;
  const split = splitForCommit(st.text);
  if (split) d.s.streams[key] = { ...d.commitText(st, split.head), text: split.tail };
}
