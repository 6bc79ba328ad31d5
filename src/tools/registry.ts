// The session's tool set: lookup by name or alias, and the specs sent to the model. JSON Schemas are derived
// from each tool's zod schema once and cached, so every request sends byte-identical tool definitions (which
// keeps the prompt cache warm).
import { z } from 'zod';
import type { ToolSpec } from '../model/types';
import { editTool } from './edit';
import { multiEditTool } from './multi-edit';
import { notebookEditTool } from './notebook-edit';
import { notebookReadTool } from './notebook-read';
import { readTool } from './read';
import type { AnyTool } from './types';
import { writeTool } from './write';
import { bashTool } from './bash';
import { bashOutputTool } from './bash-output';
import { exitPlanModeTool } from './exit-plan-mode';
import { globTool } from './glob';
import { grepTool } from './grep';
import { killShellTool } from './kill-shell';
import { lsTool } from './ls';
import { todoWriteTool } from './todo-write';
import { webFetchTool } from './web-fetch';
import { webSearchTool } from './web-search';

export interface ToolRegistry {
  all(): AnyTool[];
  /** Finds a tool by name or alias (an agent file may say Agent for Task). */
  get(name: string): AnyTool | undefined;
  names(): string[];
  /** Specs for the named tools, in the order given; unknown names are skipped. */
  specs(names: string[]): ToolSpec[];
  add(tool: AnyTool): void;
  remove(name: string): void;
}

export const BUILTIN_TOOLS: readonly AnyTool[] = [
  readTool,
  writeTool,
  editTool,
  multiEditTool,
  notebookReadTool,
  notebookEditTool,
  globTool,
  lsTool,
  grepTool,
  bashTool,
  bashOutputTool,
  killShellTool,
  todoWriteTool,
  exitPlanModeTool,
  webFetchTool,
  webSearchTool,
];

/** Aliases that hold whatever tools are registered (Task may come later from the agents module). */
const BUILTIN_ALIASES: Record<string, string> = { Agent: 'Task' };

const schemaCache = new WeakMap<AnyTool, Record<string, unknown>>();

/** The JSON Schema for a tool's input, as sent in `input_schema` (computed once per tool object). */
export function toolJsonSchema(tool: AnyTool): Record<string, unknown> {
  if (tool.jsonSchema) return tool.jsonSchema;
  let schema = schemaCache.get(tool);
  if (!schema) {
    // io: 'input' so fields with defaults stay optional for the model.
    const { $schema: _ignored, ...rest } = z.toJSONSchema(tool.inputSchema, { io: 'input' }) as Record<string, unknown>;
    schema = rest;
    schemaCache.set(tool, schema);
  }
  return schema;
}

export function createToolRegistry(extra: AnyTool[] = []): ToolRegistry {
  const tools = new Map<string, AnyTool>();
  const add = (tool: AnyTool) => {
    tools.set(tool.name, tool);
  };
  for (const tool of [...BUILTIN_TOOLS, ...extra]) add(tool);

  const get = (name: string): AnyTool | undefined => {
    const direct = tools.get(name);
    if (direct) return direct;
    for (const tool of tools.values()) if (tool.aliases?.includes(name)) return tool;
    const target = BUILTIN_ALIASES[name];
    return target ? tools.get(target) : undefined;
  };

  return {
    all: () => [...tools.values()],
    get,
    names: () => [...tools.keys()],
    specs(names) {
      const specs: ToolSpec[] = [];
      const seen = new Set<string>();
      for (const name of names) {
        const tool = get(name);
        if (!tool || seen.has(tool.name)) continue;
        seen.add(tool.name);
        specs.push({ name: tool.name, description: tool.description, input_schema: toolJsonSchema(tool) });
      }
      return specs;
    },
    add,
    remove(name) {
      const tool = get(name);
      if (tool) tools.delete(tool.name);
    },
  };
}
