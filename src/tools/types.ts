// The contract every tool module implements. One zod schema per tool is both the runtime validator and the
// JSON Schema sent to the model; preview() computes what the user approves without side effects; run() acts.
import type { z } from 'zod';
import type { ImageBlock, ModelClient, TextBlock } from '../model/types';
import type { ReadGuard } from '../permissions/read-guard';

/** What the user is shown before approving a call. The UI renders it; it never computes it. */
export type Preview =
  | {
      kind: 'diff';
      /** Absolute path. */
      path: string;
      /** null when the file does not exist yet. */
      oldText: string | null;
      newText: string;
      /** Outside the project root and its additional directories (after resolving symlinks and `..`). */
      outsideProject: boolean;
    }
  | { kind: 'command'; command: string; cwd: string; description?: string; outsideProject?: boolean }
  | {
      kind: 'info';
      /** One line: what the call will do ("Read src/a.ts", "Fetch https://..."). */
      title: string;
      detail?: string;
      /** Paths the call touches (absolute), for path rules. */
      paths?: string[];
      outsideProject?: boolean;
      /** MCP tools: whether `paths` are only read (Read rules) or may be written too (Read and Edit rules). */
      pathAccess?: 'read' | 'write';
    };

export interface ToolResult {
  /** What goes back to the model as the tool_result content. Truncation happens centrally, not here. */
  forModel: string | Array<TextBlock | ImageBlock>;
  /** One line for the transcript ("Read 120 lines", "exit 0 in 1.2 s"). */
  summary: string;
  /** Longer text the UI may expand (command output, a diff); defaults to forModel's text. */
  display?: string;
  isError?: boolean;
  /** Tool-specific details for `tool_use_result` in stream-json output. */
  details?: unknown;
}

/** Thrown by a tool to return an error result the model can act on (never crashes the session). */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

export interface TodoItem {
  content: string;
  status: 'pending' | 'in_progress' | 'completed';
  activeForm: string;
}

/** The bytes a tool read or wrote, and the file's mtime and size from the same open descriptor. */
export interface SeenContent {
  bytes: Uint8Array;
  stat: { mtimeMs: number; size: number };
}

/**
 * One agent's memory of which files it read (the main agent and each Task run have their own), so edits can
 * refuse files it never read or that changed since, whoever changed them.
 */
export interface FileStateTracker {
  /** Record that the model has seen the file; `seen` is exactly what it saw (else the file is read again now). */
  recordRead(absPath: string, seen?: SeenContent): void;
  /** null when fine; otherwise the sentence to send back ("read it first" / "changed since, read it again"). */
  checkWritable(absPath: string): string | null;
  /** Record the state after our own write so the next edit does not need a re-read. */
  recordWrite(absPath: string, seen?: SeenContent): void;
  /** Whether this agent has read (or written) the file; a missing file it has read was deleted behind its back. */
  hasRead?(absPath: string): boolean;
}

export type ToolProgress =
  | { type: 'output'; chunk: string } // live output of a running command
  | { type: 'todos'; todos: TodoItem[] }
  | { type: 'status'; text: string }
  | { type: 'progress'; progress: number; total?: number; message?: string }; // an MCP server's progress notification

export interface ToolContext {
  /** Working directory for relative paths; Bash's `cd` changes it for later calls through setCwd. */
  cwd: string;
  setCwd(dir: string): void;
  /** The project root (git root, else the starting directory). */
  projectRoot: string;
  /** Extra directories that count as inside the project. */
  additionalDirectories: string[];
  sessionId: string;
  /** A folder owned by this session (large outputs are saved here). */
  sessionDir: string;
  signal: AbortSignal;
  files: FileStateTracker;
  /** Live progress for the UI (Bash output, todo list). */
  progress(event: ToolProgress): void;
  /** For tools that make side requests (WebFetch, WebSearch). */
  model: ModelClient;
  /** Resolves an alias (`haiku`) or id to a model id. */
  resolveModel(aliasOrId: string): string;
  /** The session's current todo list and its setter (TodoWrite). */
  todos: { get(): TodoItem[]; set(todos: TodoItem[]): void };
  /** Permission mode control (ExitPlanMode leaves plan mode). */
  permissionMode: { get(): string; set(mode: string): void };
  /** Anything a tool wants to keep for the whole session (background shells, fetch cache); keyed by tool. */
  sessionStore: Map<string, unknown>;
  /** The id of the tool_use being run (Task uses it to label its subagent's output). */
  toolUseId?: string;
  /** Read deny/ask rules, for tools that read files the policy did not judge one by one (Grep's search tree). */
  readGuard?: ReadGuard;
  /** Allow rules in force until the running turn ends (a skill's allowed-tools); deny and ask rules still win.
   *  Throws when a rule cannot be read. */
  grantForTurn?(rules: string[], source: string): void;
  /** The agent making the call, its nesting depth and the tools it may use (Task narrows subagents to them). */
  /** `mode`: the permission mode the caller's calls run in (a subagent may only narrow it). */
  caller?: { agent: string; depth: number; allowedTools: string[]; mode?: string };
}

/** How the permission layer and plan mode treat a tool. */
export type ToolKind = 'read' | 'edit' | 'execute' | 'web' | 'plan' | 'agent' | 'mcp';

export interface Tool<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** Other names an agent file may use for this tool (Task/Agent). */
  aliases?: string[];
  /** Our own words; sent to the model. */
  description: string;
  inputSchema: Schema;
  kind: ToolKind;
  /** Read-only calls may run concurrently with each other. */
  isReadOnly(input: z.infer<Schema>): boolean;
  preview(input: z.infer<Schema>, ctx: ToolContext): Promise<Preview>;
  /**
   * Optional check without side effects, run after input validation and before hooks and the permission prompt:
   * the reason run() would refuse the call anyway (a file never read, an old_string not in the file, a stale
   * read), so the user is not asked to approve a call that cannot succeed. null when the call may go ahead.
   */
  validate?(input: z.infer<Schema>, ctx: ToolContext): Promise<string | null>;
  run(input: z.infer<Schema>, ctx: ToolContext): Promise<ToolResult>;
  /** Overrides the JSON Schema derived from inputSchema (MCP tools bring their own). */
  jsonSchema?: Record<string, unknown>;
}

// Tools are defined with concrete schemas; the registry holds them as the erased type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = Tool<any>;

export function defineTool<Schema extends z.ZodType>(tool: Tool<Schema>): Tool<Schema> {
  return tool;
}
