// Checks a tool call's input against the tool's zod schema and, when it does not fit, writes one message the
// model can act on: every bad field by name, what was expected and what came.
import type { z } from 'zod';
import type { AnyTool } from './types';

type Issue = z.core.$ZodIssue;

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `number ${value}`;
  if (typeof value === 'string') return value.length > 40 ? 'a string' : `string ${JSON.stringify(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function fieldName(path: PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function describeIssue(issue: Issue, input: unknown): string {
  const field = fieldName(issue.path);
  const prefix = field ? `${field}: ` : '';
  const got = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (got === undefined && field) {
        const last = issue.path[issue.path.length - 1];
        const parent = fieldName(issue.path.slice(0, -1));
        return `missing required field '${String(last)}'${parent ? ` in ${parent}` : ''}`;
      }
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (!field) return `expected the parameters as ${expected}, got ${kindOf(got)}`;
      return `${prefix}expected ${expected}, got ${kindOf(got)}`;
    }
    case 'unrecognized_keys': {
      const where = field ? ` in ${field}` : '';
      return issue.keys.map((k) => `unknown field '${k}'${where}`).join('; ');
    }
    case 'invalid_value':
      return `${prefix}expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${kindOf(got)}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'array') return `${prefix}expected at least ${n} item${n === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `${prefix}expected at least ${n} character${n === 1 ? '' : 's'}`;
      return `${prefix}expected a number ${issue.inclusive ? '>=' : '>'} ${n}, got ${kindOf(got)}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'array') return `${prefix}expected at most ${n} items`;
      if (issue.origin === 'string') return `${prefix}expected at most ${n} characters`;
      return `${prefix}expected a number ${issue.inclusive ? '<=' : '<'} ${n}, got ${kindOf(got)}`;
    }
    default:
      return `${prefix}${issue.message}`;
  }
}

export function validateToolInput(
  tool: AnyTool,
  input: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const result = (tool.inputSchema as z.ZodType).safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const lines = [...new Set(result.error.issues.map((issue) => describeIssue(issue, input)))];
  return {
    ok: false,
    message: `Invalid input for ${tool.name}:\n${lines.map((l) => `- ${l}`).join('\n')}\nFix these parameters and call ${tool.name} again.`,
  };
}
