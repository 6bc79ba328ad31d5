// Everything the transcript view (ctrl+o) can show: each prompt, answer, thinking block and tool call of the session
// in full, kept as the engine reported it. The screen's own state keeps only excerpts and drops printed items, so
// the view keeps its own record, fed by the same events. Only finished blocks are recorded (never stream deltas):
// streaming costs nothing extra, and the strings are the engine's own (shared, not copied). Raw outside text is
// stored here; it is sanitised when the view draws it (src/ui/pager/transcript-document.ts).
import type { EngineEvent, Speaker, ToolCallState } from '../../engine/events';
import type { Message, ToolResultBlock } from '../../model/types';
import type { Preview } from '../../tools/types';
import { resultText } from '../format/tool-text';

interface Who {
  depth: number;
  /** The subagent speaking (depth > 0), or undefined for the main agent. */
  agent?: string;
}

export type RecordEntry =
  | { kind: 'user'; text: string }
  | (Who & { kind: 'answer'; text: string })
  | (Who & { kind: 'thinking'; text: string; redacted: boolean })
  | (Who & {
      kind: 'tool';
      callId: string;
      name: string;
      input: Record<string, unknown>;
      preview?: Preview;
      state: ToolCallState;
      summary: string;
      /** The result as the model got it (or the longer display text the tool gave), once it came. */
      output?: string;
    })
  | { kind: 'notice'; level: 'info' | 'warning' | 'error'; text: string }
  | { kind: 'agent_switch'; from: string; to: string };

export type ToolEntry = Extract<RecordEntry, { kind: 'tool' }>;

const who = (s: Speaker): Who => (s.depth > 0 ? { depth: s.depth, agent: s.agent } : { depth: 0 });

export class SessionRecord {
  private readonly list: RecordEntry[] = [];
  private readonly calls = new Map<string, ToolEntry>();
  /** Bumped on every change, so a view can tell that its copy is stale. */
  version = 0;

  entries(): readonly RecordEntry[] {
    return this.list;
  }

  private add(e: RecordEntry): void {
    this.list.push(e);
    this.version++;
  }

  private call(callId: string): ToolEntry | undefined {
    return this.calls.get(callId);
  }

  /** A resumed session's conversation, recorded once before the first new event. */
  addMessages(messages: readonly Message[]): void {
    const results = new Map<string, ToolResultBlock>();
    for (const m of messages) {
      if (m.role !== 'user' || typeof m.content === 'string') continue;
      for (const b of m.content) if (b.type === 'tool_result') results.set(b.tool_use_id, b);
    }
    for (const m of messages) {
      if (m.role === 'user') {
        const text = typeof m.content === 'string' ? m.content : m.content.map((b) => (b.type === 'text' ? b.text : '')).join('').trim();
        if (text) this.add({ kind: 'user', text });
        continue;
      }
      for (const b of m.content) {
        if (b.type === 'text' && typeof b.text === 'string' && b.text.trim()) this.add({ kind: 'answer', depth: 0, text: b.text });
        else if (b.type === 'thinking' && typeof b.thinking === 'string') this.add({ kind: 'thinking', depth: 0, text: b.thinking, redacted: false });
        else if (b.type === 'redacted_thinking') this.add({ kind: 'thinking', depth: 0, text: '', redacted: true });
        else if (b.type === 'tool_use' && typeof b.id === 'string' && typeof b.name === 'string') {
          const r = results.get(b.id);
          const entry: ToolEntry = {
            kind: 'tool',
            depth: 0,
            callId: b.id,
            name: b.name,
            input: (b.input ?? {}) as Record<string, unknown>,
            state: r ? (r.is_error ? 'error' : 'done') : 'cancelled',
            summary: '',
            output: r ? resultText(r.content as Parameters<typeof resultText>[0]) : undefined,
          };
          this.calls.set(b.id, entry);
          this.add(entry);
        }
      }
    }
  }

  /** One engine event. Stream deltas are ignored on purpose (see the note at the top). */
  onEvent(e: EngineEvent): void {
    switch (e.type) {
      case 'user_prompt':
        this.add({ kind: 'user', text: e.text });
        return;
      case 'assistant_block': {
        const b = e.block;
        if (b.type === 'text' && typeof b.text === 'string' && b.text.trim()) this.add({ kind: 'answer', ...who(e.speaker), text: b.text });
        else if (b.type === 'thinking' && typeof b.thinking === 'string') this.add({ kind: 'thinking', ...who(e.speaker), text: b.thinking, redacted: false });
        else if (b.type === 'redacted_thinking') this.add({ kind: 'thinking', ...who(e.speaker), text: '', redacted: true });
        return;
      }
      case 'tool_call': {
        const known = this.call(e.callId);
        if (known) {
          // The second announcement carries the preview (and any input a hook rewrote).
          known.input = e.input;
          if (e.preview) known.preview = e.preview;
          this.version++;
          return;
        }
        const entry: ToolEntry = { kind: 'tool', ...who(e.speaker), callId: e.callId, name: e.name, input: e.input, preview: e.preview, state: 'pending', summary: '' };
        this.calls.set(e.callId, entry);
        this.add(entry);
        return;
      }
      case 'permission_request': {
        const t = this.call(e.callId);
        if (t && !t.preview) t.preview = e.preview;
        if (t) t.state = 'awaiting_approval';
        this.version++;
        return;
      }
      case 'tool_state': {
        const t = this.call(e.callId);
        if (!t) return;
        t.state = e.state;
        if (e.summary !== undefined) t.summary = e.summary;
        this.version++;
        return;
      }
      case 'tool_result': {
        const t = this.call(e.callId);
        const output = e.display ?? resultText(e.result.content);
        if (!t) {
          this.add({ kind: 'tool', ...who(e.speaker), callId: e.callId, name: e.name, input: {}, state: e.result.is_error ? 'error' : 'done', summary: e.summary, output });
          return;
        }
        t.output = output;
        t.summary = e.summary;
        if (t.state !== 'denied' && t.state !== 'cancelled') t.state = e.result.is_error ? 'error' : 'done';
        this.version++;
        return;
      }
      case 'notice':
        this.add({ kind: 'notice', level: e.level, text: e.message });
        return;
      case 'agent_switched':
        this.add({ kind: 'agent_switch', from: e.from, to: e.to });
        return;
      case 'session_started':
      case 'assistant_start':
      case 'text_delta':
      case 'thinking_delta':
      case 'assistant_done':
      case 'retry':
      case 'fallback':
      case 'tool_output':
      case 'permission_resolved':
      case 'todos':
      case 'model_changed':
      case 'mode_changed':
      case 'usage':
      case 'turn_done':
      case 'stream_event':
      case 'subagent_start':
      case 'subagent_done':
      case 'status':
      case 'compact_boundary':
      case 'elicitation_request':
      case 'elicitation_resolved':
      case 'tool_progress':
        return;
      default: {
        const never: never = e;
        void never;
      }
    }
  }
}
