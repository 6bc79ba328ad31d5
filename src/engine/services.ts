// The session-wide services a running agent loop needs. Optional pieces (hooks, checkpoints, transcript) are
// described by the narrow interfaces below so the engine does not depend on how they are built.
import type { AgentDefinition } from '../agents/types';
import type { Message, ModelClient, ToolSpec, Usage } from '../model/types';
import type { PermissionMode, PermissionPolicy, PermissionQuery, RuleDecision } from '../permissions/types';
import type { AnyTool, ToolContext } from '../tools/types';
import type { HookEventName, HookOutcome } from '../hooks/types';
import type { EngineEvent } from './events';
import type { PermissionBroker } from './permission-broker';

export interface ToolLookup {
  get(name: string): AnyTool | undefined;
  names(): string[];
  specs(names: string[]): ToolSpec[];
}

export interface HooksLike {
  run(event: HookEventName, payload: Record<string, unknown>, opts?: { toolName?: string; signal?: AbortSignal }): Promise<HookOutcome>;
}

export interface CheckpointsLike {
  beginTurn(turn: { index: number; prompt: string }): Promise<void>;
  beforeWrite(): Promise<void>;
  endTurn(): Promise<unknown>;
}

export interface TranscriptLike {
  readonly path: string;
  append(entry: Record<string, unknown> & { type: string }): Promise<void>;
}

export interface CostLike {
  add(model: string, agent: string, usage: Usage): void;
  total(): { usage: Usage; costUsd: number };
  byModel(): Record<string, { usage: Usage; costUsd: number }>;
}

export interface EngineServices {
  client: ModelClient;
  tools: ToolLookup;
  policy: PermissionPolicy;
  broker: PermissionBroker;
  emit(event: EngineEvent): void;
  /** false in headless mode: an `ask` becomes a denial saying which flag allows it. */
  interactive: boolean;
  headlessDenial(query: PermissionQuery, decision: RuleDecision): string;
  hooks?: HooksLike;
  checkpoints?: CheckpointsLike;
  transcript?: TranscriptLike;
  costs: CostLike;
  /** Tool context pieces shared by every agent of the session (cwd, file state, todos, ...). */
  toolContext(signal: AbortSignal, onProgress: ToolContext['progress']): ToolContext;
  mode(): PermissionMode;
  /** dontAsk is in force, perhaps under plan (an agent narrowed a dontAsk session): what would ask is denied. */
  neverAsks(): boolean;
  resolveAgentModel(agent: AgentDefinition): string;
  systemPromptFor(agent: AgentDefinition, isMain: boolean): string;
  toolNamesFor(agent: AgentDefinition): string[];
  agentByName(name: string): AgentDefinition | undefined;
  allAgents(): AgentDefinition[];
  maxTokensFor(model: string): number;
  sessionId: string;
  /** Prepares a request just before it is sent (prompt-caching breakpoints). */
  prepareRequest?(request: import('../model/types').ModelRequest): import('../model/types').ModelRequest;
  /** Saves a "don't ask again" rule beyond this session (.tandem/settings.local.json); returns the file. */
  persistRule?(rule: string): string;
  /** Memory files of a subfolder, the first time a file tool touches a file there (src/session/folder-memory.ts). */
  folderMemory?(toolName: string, input: Record<string, unknown>, cwd: string): Promise<string | undefined>;
  /** Said after an allow rule is saved when saved allow rules will not be used (a folder that is not trusted). */
  persistedAllowNote?: string;
  /** Records the permission denials of the current turn for the headless result. */
  denials: Array<{ tool_name: string; tool_use_id: string; tool_input: Record<string, unknown> }>;
  /** How deep Task subagents may nest. */
  maxDepth: number;
  /** Messages of subagent runs, kept for inspection (/agents) and the transcript. */
  subagentRuns: Array<{ runId: string; agent: string; parentToolUseId: string; messages: Message[]; status: 'running' | 'done' | 'error'; result?: string }>;
}
