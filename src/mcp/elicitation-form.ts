// An MCP server's `elicitation/create` form, as tandem shows and checks it. The server sends a flat JSON Schema
// (strings, numbers, booleans, enums); it becomes a list of fields, the user's typed values are checked against it
// here, and only values that pass go back to the server. No React: the engine, the UI and the tests share it.

/** What the user is asked to fill in, one entry per property of the requested schema. */
export type FormField =
  | (FieldBase & { kind: 'text'; minLength?: number; maxLength?: number; format?: 'email' | 'uri' | 'date' | 'date-time'; default?: string })
  | (FieldBase & { kind: 'number'; integer: boolean; minimum?: number; maximum?: number; default?: number })
  | (FieldBase & { kind: 'boolean'; default?: boolean })
  | (FieldBase & { kind: 'choice'; options: FormOption[]; default?: string })
  | (FieldBase & { kind: 'multi'; options: FormOption[]; minItems?: number; maxItems?: number; default?: string[] });

interface FieldBase {
  /** The property name the value is sent back under (never shown without sanitising). */
  name: string;
  /** The schema's title, else the property name. */
  label: string;
  description?: string;
  required: boolean;
}

export interface FormOption {
  /** Sent back as is. */
  value: string;
  /** Shown (the schema's title for the option, else the value). */
  label: string;
}

/** What the user has typed or picked so far: text and number fields hold the raw text. */
export type FormDraft = Record<string, string | boolean | string[] | undefined>;

export type FormValue = string | number | boolean | string[];

export type ElicitationAnswer = { action: 'accept'; content: Record<string, FormValue> } | { action: 'decline' } | { action: 'cancel' };

export type FormCheck = { ok: true; content: Record<string, FormValue> } | { ok: false; errors: Record<string, string> };

type Json = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);

function options(values: string[], labels?: string[]): FormOption[] {
  return values.map((value, i) => ({ value, label: labels?.[i] ?? value }));
}

function titled(list: unknown): FormOption[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: FormOption[] = [];
  for (const o of list) {
    const value = str((o as Json | null)?.const);
    if (value === undefined) return undefined;
    out.push({ value, label: str((o as Json).title) ?? value });
  }
  return out;
}

/** One property of the requested schema as a field; an error message when tandem cannot show it. */
function fieldOf(name: string, prop: Json, required: boolean): FormField | string {
  const base: FieldBase = { name, label: str(prop.title) ?? name, required, ...(str(prop.description) !== undefined ? { description: str(prop.description) } : {}) };
  switch (prop.type) {
    case 'string': {
      const values = strings(prop.enum);
      if (values) return { ...base, kind: 'choice', options: options(values, strings(prop.enumNames)), ...(str(prop.default) !== undefined ? { default: str(prop.default) } : {}) };
      const oneOf = titled(prop.oneOf);
      if (oneOf) return { ...base, kind: 'choice', options: oneOf, ...(str(prop.default) !== undefined ? { default: str(prop.default) } : {}) };
      const format = prop.format === 'email' || prop.format === 'uri' || prop.format === 'date' || prop.format === 'date-time' ? prop.format : undefined;
      return {
        ...base,
        kind: 'text',
        ...(num(prop.minLength) !== undefined ? { minLength: num(prop.minLength) } : {}),
        ...(num(prop.maxLength) !== undefined ? { maxLength: num(prop.maxLength) } : {}),
        ...(format ? { format } : {}),
        ...(str(prop.default) !== undefined ? { default: str(prop.default) } : {}),
      };
    }
    case 'number':
    case 'integer':
      return {
        ...base,
        kind: 'number',
        integer: prop.type === 'integer',
        ...(num(prop.minimum) !== undefined ? { minimum: num(prop.minimum) } : {}),
        ...(num(prop.maximum) !== undefined ? { maximum: num(prop.maximum) } : {}),
        ...(num(prop.default) !== undefined ? { default: num(prop.default) } : {}),
      };
    case 'boolean':
      return { ...base, kind: 'boolean', ...(typeof prop.default === 'boolean' ? { default: prop.default } : {}) };
    case 'array': {
      const items = (prop.items ?? {}) as Json;
      const list = strings(items.enum) ? options(strings(items.enum)!) : titled(items.anyOf);
      if (!list) return `field "${name}": a list field needs items with enum or anyOf`;
      return {
        ...base,
        kind: 'multi',
        options: list,
        ...(num(prop.minItems) !== undefined ? { minItems: num(prop.minItems) } : {}),
        ...(num(prop.maxItems) !== undefined ? { maxItems: num(prop.maxItems) } : {}),
        ...(strings(prop.default) ? { default: strings(prop.default) } : {}),
      };
    }
    default:
      return `field "${name}": type ${JSON.stringify(prop.type)} is not one a form can ask for`;
  }
}

/** The requested schema as fields, or why it cannot be shown (tandem then declines the request). */
export function formFields(schema: unknown): { fields: FormField[] } | { error: string } {
  const s = (schema ?? {}) as Json;
  const props = s.properties;
  if (s.type !== 'object' || !props || typeof props !== 'object') return { error: 'the requested schema is not an object with properties' };
  const required = new Set(strings(s.required) ?? []);
  const fields: FormField[] = [];
  for (const [name, prop] of Object.entries(props as Record<string, unknown>)) {
    const field = fieldOf(name, (prop ?? {}) as Json, required.has(name));
    if (typeof field === 'string') return { error: field };
    fields.push(field);
  }
  return { fields };
}

/** The draft a form opens with: the schema's defaults, else empty. */
export function initialDraft(fields: FormField[]): FormDraft {
  const draft: FormDraft = {};
  for (const f of fields) {
    switch (f.kind) {
      case 'text':
        draft[f.name] = f.default ?? '';
        break;
      case 'number':
        draft[f.name] = f.default !== undefined ? String(f.default) : '';
        break;
      case 'boolean':
        draft[f.name] = f.default;
        break;
      case 'choice':
        draft[f.name] = f.default !== undefined && f.options.some((o) => o.value === f.default) ? f.default : undefined;
        break;
      case 'multi':
        draft[f.name] = (f.default ?? []).filter((v) => f.options.some((o) => o.value === v));
        break;
      default: {
        const never: never = f;
        throw new Error(`unknown field ${JSON.stringify(never)}`);
      }
    }
  }
  return draft;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function checkText(f: Extract<FormField, { kind: 'text' }>, text: string): string | null {
  const length = [...text].length;
  if (f.minLength !== undefined && length < f.minLength) return `needs at least ${f.minLength} characters`;
  if (f.maxLength !== undefined && length > f.maxLength) return `takes at most ${f.maxLength} characters`;
  switch (f.format) {
    case undefined:
      return null;
    case 'email':
      return EMAIL.test(text) ? null : 'must be an email address (name@example.com)';
    case 'uri':
      return URL.canParse(text) && /^[a-z][a-z0-9+.-]*:/i.test(text) ? null : 'must be a full address (https://...)';
    case 'date':
      return DATE.test(text) && !Number.isNaN(Date.parse(text)) ? null : 'must be a date (YYYY-MM-DD)';
    case 'date-time':
      return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)) ? null : 'must be a date and time (YYYY-MM-DDTHH:MM:SSZ)';
    default: {
      const never: never = f.format;
      return `unknown format ${String(never)}`;
    }
  }
}

/** Checks every field; on success, the values to send (empty optional fields left out). */
export function checkForm(fields: FormField[], draft: FormDraft): FormCheck {
  const errors: Record<string, string> = {};
  const content: Record<string, FormValue> = {};
  for (const f of fields) {
    const raw = draft[f.name];
    switch (f.kind) {
      case 'text': {
        const text = typeof raw === 'string' ? raw : '';
        if (text === '') {
          if (f.required) errors[f.name] = 'required';
          break;
        }
        const problem = checkText(f, text);
        if (problem) errors[f.name] = problem;
        else content[f.name] = text;
        break;
      }
      case 'number': {
        const text = typeof raw === 'string' ? raw.trim() : '';
        if (text === '') {
          if (f.required) errors[f.name] = 'required';
          break;
        }
        const n = Number(text);
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(n)) errors[f.name] = 'must be a number';
        else if (f.integer && !Number.isInteger(n)) errors[f.name] = 'must be a whole number';
        else if (f.minimum !== undefined && n < f.minimum) errors[f.name] = `must be at least ${f.minimum}`;
        else if (f.maximum !== undefined && n > f.maximum) errors[f.name] = `must be at most ${f.maximum}`;
        else content[f.name] = n;
        break;
      }
      case 'boolean':
        if (typeof raw === 'boolean') content[f.name] = raw;
        else if (f.required) errors[f.name] = 'required: choose yes or no';
        break;
      case 'choice':
        if (typeof raw === 'string' && f.options.some((o) => o.value === raw)) content[f.name] = raw;
        else if (raw !== undefined) errors[f.name] = 'not one of the choices';
        else if (f.required) errors[f.name] = 'required: pick one';
        break;
      case 'multi': {
        const picked = Array.isArray(raw) ? raw : [];
        if (picked.some((v) => !f.options.some((o) => o.value === v))) errors[f.name] = 'not one of the choices';
        else if (picked.length === 0 && !f.required && f.minItems === undefined) break;
        else if (f.minItems !== undefined && picked.length < f.minItems) errors[f.name] = `pick at least ${f.minItems}`;
        else if (f.maxItems !== undefined && picked.length > f.maxItems) errors[f.name] = `pick at most ${f.maxItems}`;
        else if (picked.length === 0 && f.required) errors[f.name] = 'required: pick at least one';
        else content[f.name] = [...picked];
        break;
      }
      default: {
        const never: never = f;
        throw new Error(`unknown field ${JSON.stringify(never)}`);
      }
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, content };
}

/** The content of an accepted answer, checked again against the fields (the engine's last gate before the server). */
export function checkContent(fields: FormField[], content: Record<string, FormValue>): FormCheck {
  const draft: FormDraft = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = content[f.name];
    if (v === undefined) continue;
    const expected = f.kind === 'number' ? 'number' : f.kind === 'boolean' ? 'boolean' : f.kind === 'multi' ? 'array' : 'string';
    const actual = Array.isArray(v) ? 'array' : typeof v;
    if (actual !== expected) errors[f.name] = `must be a ${expected}`;
    else draft[f.name] = typeof v === 'number' ? String(v) : v;
  }
  for (const k of Object.keys(content)) if (!fields.some((f) => f.name === k)) errors[k] = 'not a field of this form';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return checkForm(fields, draft);
}
