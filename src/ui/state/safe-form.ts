// What an MCP server sends for the screen (a form's message, labels, choices; progress messages) made safe to
// draw: every shown string goes through the sanitiser. Values sent back to the server are left as they are.
import { sanitize, sanitizeLine } from '../../text/sanitize';
import type { FormField } from '../../mcp/elicitation-form';
import type { FormRequest } from './types';

/** Long labels from a server are cut: a form must fit on the screen. */
const MAX_LABEL = 120;
const MAX_MESSAGE = 2000;

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function safeField(f: FormField): FormField {
  const base = { label: cut(sanitizeLine(f.label), MAX_LABEL), ...(f.description !== undefined ? { description: cut(sanitizeLine(f.description), MAX_LABEL * 2) } : {}) };
  switch (f.kind) {
    case 'choice':
    case 'multi':
      return { ...f, ...base, options: f.options.map((o) => ({ value: o.value, label: cut(sanitizeLine(o.label), MAX_LABEL) })) };
    case 'text':
    case 'number':
    case 'boolean':
      return { ...f, ...base };
    default: {
      const never: never = f;
      throw new Error(`unknown field ${JSON.stringify(never)}`);
    }
  }
}

export function safeForm(r: FormRequest): FormRequest {
  return { ...r, server: sanitizeLine(r.server), message: cut(sanitize(r.message), MAX_MESSAGE), fields: r.fields.map(safeField) };
}

/** A progress notification as the tool line shows it ("3/10 indexing files"): the numbers as the server sent them. */
export function progressText(progress: number, total: number | undefined, message: string | undefined): string {
  const count = total !== undefined && total > 0 ? `${progress}/${total}` : `${progress}`;
  return cut(sanitizeLine(message ? `${count} ${message}` : count), MAX_LABEL);
}
