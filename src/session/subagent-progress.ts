// What a subagent had done when tandem stopped in the middle of its Task call: its calls (from its messages), the
// results written as each call ended, and its final answer if it got that far. Resume puts this in the Task call's
// "interrupted" result, so the model does not start the work again blind (a deploy that already ran, a file that
// was already written).
import type { ToolResultBlock, ToolUseBlock } from '../model/types';
import { INTERRUPTED_RESULT } from './history-repair';
import type { TranscriptEntry } from './transcript-types';

interface SubagentProgress {
  agent?: string;
  calls: ToolUseBlock[];
  results: Map<string, ToolResultBlock>;
  finalText?: string;
}

const MAX_CALLS = 40;
const MAX_INPUT_CHARS = 300;
const MAX_RESULT_CHARS = 600;

/** Progress per Task call id (the subagent's parentToolUseId), for every Task that has any in the transcript. */
export function subagentProgressByTask(entries: readonly TranscriptEntry[]): Map<string, SubagentProgress> {
  const byTask = new Map<string, SubagentProgress>();
  const of = (id: string): SubagentProgress => {
    let p = byTask.get(id);
    if (!p) byTask.set(id, (p = { calls: [], results: new Map() }));
    return p;
  };
  for (const entry of entries) {
    if (entry.type === 'message' && entry.parentToolUseId !== null && !entry.incomplete) {
      const p = of(entry.parentToolUseId);
      p.agent ??= entry.agent;
      const content = entry.message.content;
      if (typeof content === 'string') continue;
      for (const block of content) {
        if (block.type === 'tool_use') p.calls.push(block as ToolUseBlock);
        else if (block.type === 'tool_result') p.results.set((block as ToolResultBlock).tool_use_id, block as ToolResultBlock);
      }
    } else if (entry.type === 'tool_result' && entry.parentToolUseId !== null) {
      of(entry.parentToolUseId).results.set(entry.result.tool_use_id, entry.result);
    } else if (entry.type === 'subagent_run') {
      const p = of(entry.parentToolUseId);
      p.agent ??= entry.agent;
      if (entry.status === 'finished' && entry.result !== undefined) p.finalText = entry.result;
    }
  }
  return byTask;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length - max} more characters)`;
}

function resultText(result: ToolResultBlock): string {
  const c = result.content;
  if (typeof c === 'string') return c;
  return (c ?? []).map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join('\n');
}

/** The interrupted result of a Task call, naming what its subagent did; the plain sentence when it did nothing. */
export function interruptedTaskText(progress: SubagentProgress | undefined): string {
  if (!progress || (progress.calls.length === 0 && progress.finalText === undefined)) return INTERRUPTED_RESULT;
  const who = progress.agent ? `The agent ${progress.agent}` : 'The subagent';
  const lines = [`Interrupted: tandem stopped (crashed or was killed) before this Task call reported its result. ${who} had done this much:`];
  for (const call of progress.calls.slice(0, MAX_CALLS)) {
    const result = progress.results.get(call.id);
    const input = clip(JSON.stringify(call.input), MAX_INPUT_CHARS);
    if (!result) lines.push(`- ${call.name} ${input}: no result recorded (it may not have run, or ran completely or partly; check its effects)`);
    else lines.push(`- ${call.name} ${input}: ${result.is_error ? 'failed' : 'finished'}: ${clip(resultText(result), MAX_RESULT_CHARS)}`);
  }
  if (progress.calls.length > MAX_CALLS) lines.push(`- ... and ${progress.calls.length - MAX_CALLS} more calls (see the transcript)`);
  if (progress.finalText !== undefined) lines.push(`Its final answer was:\n${progress.finalText}`);
  else lines.push('It had not given its final answer. Do not redo the finished steps; continue from what is left, or check the effects first.');
  return lines.join('\n');
}
