// Where outside text enters screen state: every string an engine event brings (answers, tool names, inputs,
// output, previews, todos, notices, agent and model names) passes through the one sanitiser (src/text/sanitize.ts)
// here, in the reducer, so components only ever render safe strings. Two things are done where they are drawn
// instead: diff texts (the diff is computed from the real texts, each line is sanitised as it is drawn,
// format/diff-lines.ts) and the styling our renderers add afterwards.
import { sanitize, sanitizeLine } from '../../text/sanitize';
import type { Preview, TodoItem } from '../../tools/types';
import type { NewItem, PermissionRequest, StatusInfo } from './types';

/** A transcript item with every outside field sanitised. `output` is text our commands styled: colours stay. */
export function safeItem(item: NewItem): NewItem {
  switch (item.kind) {
    case 'user':
      return { ...item, text: sanitize(item.text) };
    case 'markdown':
      return { ...item, text: sanitize(item.text), label: item.label && { ...item.label, name: sanitizeLine(item.label.name) } };
    case 'thinking':
      return item;
    case 'tool':
      return {
        ...item,
        name: sanitizeLine(item.name),
        keyArg: sanitizeLine(item.keyArg),
        summary: sanitizeLine(item.summary),
        excerpt: sanitize(item.excerpt),
        label: item.label && { ...item.label, name: sanitizeLine(item.label.name) },
        diff: item.diff && { ...item.diff, path: sanitizeLine(item.diff.path) },
      };
    case 'notice':
      return { ...item, text: sanitize(item.text) };
    case 'agent_switch':
      return { ...item, from: sanitizeLine(item.from), to: sanitizeLine(item.to), model: sanitizeLine(item.model) };
    case 'output':
      return { ...item, text: sanitize(item.text, { keepSgr: true }) };
    default: {
      const never: never = item;
      return never;
    }
  }
}

function safePreview(p: Preview): Preview {
  switch (p.kind) {
    case 'diff':
      // oldText/newText stay as they are: the diff needs the real lines; DiffView sanitises each line it draws.
      return { ...p, path: sanitizeLine(p.path) };
    case 'command':
      return { ...p, command: sanitize(p.command), cwd: sanitizeLine(p.cwd), description: p.description === undefined ? undefined : sanitize(p.description) };
    case 'info':
      return { ...p, title: sanitizeLine(p.title), detail: p.detail === undefined ? undefined : sanitize(p.detail) };
    default: {
      const never: never = p;
      return never;
    }
  }
}

export function safeRequest(r: PermissionRequest): PermissionRequest {
  return {
    ...r,
    toolName: sanitizeLine(r.toolName),
    reason: sanitize(r.reason),
    speaker: { ...r.speaker, agent: sanitizeLine(r.speaker.agent) },
    suggestion: { rule: r.suggestion.rule, label: sanitizeLine(r.suggestion.label) },
    preview: safePreview(r.preview),
  };
}

export const safePreviewOf = (p: Preview | undefined): Preview | undefined => (p ? safePreview(p) : undefined);

export function safeTodos(todos: TodoItem[]): TodoItem[] {
  return todos.map((t) => ({ ...t, content: sanitizeLine(t.content), activeForm: sanitizeLine(t.activeForm) }));
}

export function safeStatus(s: Partial<StatusInfo>): Partial<StatusInfo> {
  const out = { ...s };
  if (out.agent !== undefined) out.agent = sanitizeLine(out.agent);
  if (out.model !== undefined) out.model = sanitizeLine(out.model);
  if (out.cwd !== undefined) out.cwd = sanitizeLine(out.cwd);
  return out;
}

/**
 * A streamed piece of an answer, sanitised. `before` is the text streamed so far: a piece that ends inside a
 * surrogate pair (a tag character split across two deltas) is rejoined first, and tabs continue its column.
 * Returns the new whole text.
 */
export function appendSafeText(before: string, piece: string): string {
  let head = before;
  let tail = piece;
  const last = before.charCodeAt(before.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    head = before.slice(0, -1);
    tail = before.slice(-1) + piece;
  }
  const column = tail.includes('\t') ? head.length - head.lastIndexOf('\n') - 1 : 0;
  return head + sanitize(tail, { column });
}

/**
 * The live output of a running command, sanitised. A carriage return redraws its line (progress bars), as in
 * the command's final output (src/tools/terminal-text.ts): the line's text is replaced by what follows, so no
 * raw \r reaches the screen and a line can only ever rewrite itself. `rewind` says a \r ended the last chunk.
 */
export function appendLiveOutput(before: string, rewind: boolean, chunk: string): { text: string; rewind: boolean } {
  // Finished lines are gathered and joined once, and only the current line grows: appending line by line to one
  // growing text made each append read the whole text (a 200,000-line command took tens of seconds to show).
  const cut = before.lastIndexOf('\n') + 1;
  const parts: string[] = [before.slice(0, cut)];
  let line = before.slice(cut);
  let pending = rewind;
  for (const part of chunk.split(/(\r\n|\n|\r)/)) {
    if (part === '\n' || part === '\r\n') {
      parts.push(line, '\n');
      line = '';
      pending = false;
    } else if (part === '\r') pending = true;
    else if (part) {
      if (pending) line = '';
      pending = false;
      line = appendSafeText(line, part);
    }
  }
  parts.push(line);
  return { text: parts.join(''), rewind: pending };
}
