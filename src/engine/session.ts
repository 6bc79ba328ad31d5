// A session: one conversation with a current agent, model and permission mode. It runs user turns through the
// agent loop, answers to the front end through events, and keeps the state every tool shares.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentCatalog, AgentDefinition } from '../agents/types';
import type { ImageBlock, Message, ModelClient, ModelRequest, Usage, UserBlock } from '../model/types';
import type { TurnOptions } from './controller';
import { emptyUsage } from '../model/types';
import type { PermissionMode, PermissionPolicy, PermissionQuery, RuleDecision, UserDecision } from '../permissions/types';
import type { AnyTool, FileStateTracker, TodoItem, ToolContext } from '../tools/types';
import { runAgentLoop } from './agent-loop';
import type { SessionController, SessionInfo } from './controller';
import type { EngineEvent, Speaker, TurnResult } from './events';
import { appendUserContent } from './history';
import { CostTracker, modelUsageOf } from '../session/cost-tracker';
import { contextWindow } from '../session/pricing';
import { repairToolPairing } from '../session/history-repair';
import { narrowedMode } from '../permissions/mode-order';
import { checkBypassAllowed } from '../permissions/modes';
import { PermissionBroker } from './permission-broker';
import { ElicitationBroker, type ElicitationRequest } from './elicitation-broker';
import type { ElicitationAnswer } from '../mcp/elicitation-form';
import type { CheckpointsLike, CostLike, EngineServices, HooksLike, ToolLookup, TranscriptLike } from './services';
import { buildSystemPrompt } from './system-prompt';
import { createTaskTool } from './task-tool';
import { runUserShellCommand } from './user-shell';
import { attachMentions } from './mentions';

export interface SessionOptions {
  cwd: string;
  projectRoot: string;
  isGitRepo: boolean;
  sessionId?: string;
  /** Where this session may keep files (large tool outputs). */
  sessionDir: string;
  catalog: AgentCatalog;
  agentName: string;
  /** The session's model id; `explicitModel` is set when the user chose it (--model, /model). */
  sessionModel: string;
  explicitModel?: boolean;
  resolveModel: (spec: string | undefined, sessionModel: string) => string;
  effectiveTools: (agent: AgentDefinition, allNames: string[]) => string[];
  client: ModelClient;
  tools: ToolLookup & { add(tool: AnyTool): void; names(): string[] };
  policy: PermissionPolicy;
  files: FileStateTracker;
  mode: PermissionMode;
  interactive: boolean;
  headlessDenial: (query: PermissionQuery, decision: RuleDecision) => string;
  maxTurns?: number;
  appendSystemPrompt?: string;
  memoryText?: string;
  additionalDirectories?: string[];
  hooks?: HooksLike;
  checkpoints?: CheckpointsLike;
  transcript?: TranscriptLike;
  costs?: CostLike;
  wantRawEvents?: boolean;
  maxDepth?: number;
  prepareRequest?: (request: ModelRequest) => ModelRequest;
  /** Reads the agent files again (for reloadAgents). */
  loadCatalog?: () => Promise<AgentCatalog>;
  /** Restored state of a resumed session. */
  resumed?: { messages: Message[]; todos: TodoItem[]; contextTokens?: number };
  /** Called when the conversation must shrink (context near full, or a 400 prompt-too-long); returns true when it did. */
  compact?: (session: Session, reason: 'auto' | 'too_long' | 'manual', focus?: string) => Promise<boolean>;
  onCleanup?: () => Promise<void>;
  today?: string;
  persistRule?: (rule: string) => string;
  folderMemory?: EngineServices['folderMemory'];
  /** See EngineServices.persistedAllowNote. */
  persistedAllowNote?: string;
  /** Content a prompt brings along (`@server:uri` MCP resources); what could not be attached comes back as notices. */
  promptAttachments?: (prompt: string, signal: AbortSignal) => Promise<{ blocks: UserBlock[]; notices: string[] }>;
  /** --dangerously-skip-permissions: bypassPermissions is allowed even as root (checkBypassAllowed). */
  allowRootBypass?: boolean;
  /** The settings file with `disableBypassPermissionsMode`: bypassPermissions is refused however it is asked for. */
  bypassDisabledBy?: string;
  /** --json-schema: every turn's answer comes through the StructuredOutput tool, checked against this schema. */
  structuredOutput?: import('./structured-output').StructuredOutputSpec;
}

export class Session implements SessionController {
  readonly sessionId: string;
  messages: Message[];
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly broker: PermissionBroker;
  private readonly forms: ElicitationBroker;
  private readonly services: EngineServices;
  private agent: AgentDefinition;
  private model: string;
  private explicitModel: boolean;
  private mode: PermissionMode;
  private cwd: string;
  private todos: TodoItem[];
  /** The context's size at the last request (kept for info(): the status line of a resumed shell). */
  private contextTokens: number;
  private turnAbort: AbortController | null = null;
  /** A dontAsk session narrowed to plan by its agent: plan's rules, and still never a prompt. */
  private carriedDontAsk = false;
  /** Undo functions of allow rules granted during the running turn (a skill's allowed-tools); run when it ends. */
  private turnGrants: Array<() => void> = [];
  private turnIndex = 0;
  /** Where each turn started in the conversation, so /rewind can cut the conversation back to it. */
  /** `todosBefore`: the todo list as the turn started, put back when the conversation is rewound to before it. */
  readonly turns: Array<{ index: number; prompt: string; messageCount: number; time: string; todosBefore?: TodoItem[] }> = [];
  private readonly sessionStore = new Map<string, unknown>();
  private readonly costs: CostLike;

  constructor(private readonly opts: SessionOptions) {
    this.sessionId = opts.sessionId ?? randomUUID();
    const agent = opts.catalog.agents.get(opts.agentName);
    if (!agent) throw new Error(`No agent named "${opts.agentName}". Available: ${[...opts.catalog.agents.keys()].sort().join(', ')}`);
    this.agent = agent;
    this.model = opts.sessionModel;
    this.explicitModel = opts.explicitModel ?? false;
    // The starting agent's permissionMode narrows the session's mode, never widens it.
    this.mode = narrowedMode(opts.mode, agent.permissionMode);
    this.carriedDontAsk = opts.mode === 'dontAsk' && this.mode !== 'dontAsk';
    this.cwd = opts.cwd;
    this.messages = opts.resumed?.messages ?? [];
    this.todos = opts.resumed?.todos ?? [];
    this.contextTokens = opts.resumed?.contextTokens ?? 0;
    this.costs = opts.costs ?? new CostTracker();
    this.broker = new PermissionBroker((event) => this.emit(event));
    this.forms = new ElicitationBroker((event) => this.emit(event));
    this.services = this.buildServices();
    opts.tools.add(createTaskTool(this.services));
  }

  /** How many consumers listen (bootstrap holds background notices until the screen does). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces the session (the headless init line, the REPL's first status). */
  start(): void {
    this.emit({
      type: 'session_started',
      sessionId: this.sessionId,
      agent: this.agent.name,
      model: this.currentModel(),
      tools: this.services.toolNamesFor(this.agent),
      cwd: this.cwd,
      mode: this.mode,
    });
  }

  /** `turn.images`: pictures sent with the prompt (headless stream-json input carries them as content blocks). */
  async send(prompt: string, turn?: TurnOptions): Promise<TurnResult> {
    if (this.turnAbort) throw new Error('a turn is already running');
    const abort = new AbortController();
    this.turnAbort = abort;
    const endTurnScope = this.enterTurnScope(turn);
    try {
      return await this.sendInScope(prompt, abort, turn?.images ?? [], turn?.attachMentions === true);
    } finally {
      for (const undo of this.turnGrants.splice(0).reverse()) undo();
      endTurnScope();
    }
  }

  /** Applies a turn's own model and allow rules; returns what puts the session back as it was. */
  private enterTurnScope(turn: TurnOptions | undefined): () => void {
    const undo: Array<() => void> = [];
    if (turn?.model) {
      const saved = { model: this.model, explicit: this.explicitModel };
      this.model = this.opts.resolveModel(turn.model, this.model);
      this.explicitModel = true;
      undo.push(() => {
        this.model = saved.model;
        this.explicitModel = saved.explicit;
      });
    }
    if (turn?.allowRules?.length && this.opts.policy.addTurnRules) {
      // Rule by rule: one unreadable entry does not cost the others.
      for (const rule of turn.allowRules) {
        try {
          undo.push(this.opts.policy.addTurnRules([rule], turn.source ?? 'this command'));
        } catch (error) {
          this.emit({ type: 'notice', level: 'warning', message: `${turn.source ?? 'this command'}: allowed-tools entry not applied: ${(error as Error).message}` });
        }
      }
    }
    return () => {
      for (const fn of undo.reverse()) fn();
    };
  }

  private async sendInScope(prompt: string, abort: AbortController, images: ImageBlock[], withMentions = false): Promise<TurnResult> {
    const started = Date.now();
    this.services.denials.length = 0;
    const usageBefore = { ...this.costs.total().usage };
    const costBefore = this.costs.total().costUsd;
    const turnIndex = ++this.turnIndex;
    this.turns.push({ index: turnIndex, prompt, messageCount: this.messages.length, time: new Date().toISOString(), todosBefore: this.todos });
    this.emit({ type: 'user_prompt', text: prompt });

    let result: TurnResult;
    try {
      const blocks: UserBlock[] = [...(prompt || images.length === 0 ? [{ type: 'text' as const, text: prompt }] : []), ...images];
      if (this.opts.hooks) {
        const outcome = await this.opts.hooks.run('UserPromptSubmit', { prompt }, { signal: abort.signal });
        for (const message of outcome.errors) this.emit({ type: 'notice', level: 'warning', message: `UserPromptSubmit hook: ${message}` });
        if (outcome.blocked) {
          this.emit({ type: 'notice', level: 'warning', message: `A UserPromptSubmit hook blocked this prompt: ${outcome.reason ?? ''}` });
          return this.finishTurn(abort, {
            ...this.baseResult(started, usageBefore, costBefore),
            subtype: 'error_during_execution',
            isError: true,
            error: `blocked by a UserPromptSubmit hook: ${outcome.reason ?? 'no reason given'}`,
          });
        }
        for (const context of outcome.additionalContext ?? []) blocks.push({ type: 'text', text: context });
      }
      if (withMentions) {
        blocks.push(...(await attachMentions(prompt, { services: this.services, agent: this.agent, speaker: this.mainSpeaker(), signal: abort.signal, cwd: this.cwd })));
      }
      if (this.opts.promptAttachments) {
        const attached = await this.opts.promptAttachments(prompt, abort.signal);
        for (const message of attached.notices) this.emit({ type: 'notice', level: 'warning', message });
        blocks.push(...attached.blocks);
      }
      await this.maybeCompact('auto');
      appendUserContent(this.messages, blocks);
      await this.record({ role: 'user', content: blocks });
      await this.opts.checkpoints?.beginTurn({ index: turnIndex, prompt }).catch(() => undefined);

      const speaker = this.mainSpeaker();
      const loop = await runAgentLoop({
        services: this.services,
        agent: this.agent,
        messages: this.messages,
        speaker,
        signal: abort.signal,
        maxTurns: this.opts.maxTurns ?? this.agent.maxTurns,
        isMain: true,
        wantRawEvents: this.opts.wantRawEvents,
        onMessage: (message) => this.record(message),
        onToolResult: (toolResult) => this.recordToolResult(toolResult),
        onPromptTooLong: () => this.maybeCompact('too_long'),
        ...(this.opts.structuredOutput ? { structuredOutput: this.opts.structuredOutput } : {}),
      });
      if (loop.aborted) {
        // Calls the interruption left without a result get one, so the next request is valid.
        const lastBefore = this.messages[this.messages.length - 1];
        this.messages = repairToolPairing(this.messages, 'Interrupted by the user before this call finished.');
        const last = this.messages[this.messages.length - 1];
        if (last && last !== lastBefore) await this.record(last);
      }
      const base = this.baseResult(started, usageBefore, costBefore);
      result = {
        ...base,
        subtype: loop.subtype,
        isError: loop.subtype !== 'success',
        text: loop.text,
        numTurns: loop.numTurns,
        userTurns: loop.userTurns,
        durationApiMs: loop.durationApiMs,
        stopReason: loop.stopReason,
        error: loop.error,
        ...(loop.apiFailure ? { apiFailure: loop.apiFailure } : {}),
        ...(loop.structuredOutput ? { structuredOutput: loop.structuredOutput } : {}),
      };
    } catch (error) {
      result = {
        ...this.baseResult(started, usageBefore, costBefore),
        subtype: 'error_during_execution',
        isError: true,
        error: (error as Error).message,
      };
    }
    return this.finishTurn(abort, result);
  }

  /** `!command`: the user runs a shell command through the Bash tool's rules; its output joins the conversation. */
  async runUserShell(command: string): Promise<{ ran: boolean }> {
    if (this.turnAbort) throw new Error('the agent is working: wait for it to finish (or press Esc) before running a shell command');
    const abort = new AbortController();
    this.turnAbort = abort;
    try {
      const { ran } = await runUserShellCommand(command, {
        services: this.services,
        agent: this.agent,
        speaker: this.mainSpeaker(),
        signal: abort.signal,
        messages: this.messages,
        record: (message) => this.record(message),
      });
      return { ran };
    } finally {
      if (this.turnAbort === abort) this.turnAbort = null;
    }
  }

  /**
   * Asks the user outside a tool call's own permission step (the sandbox's proxy: a new domain), through the same
   * broker and prompt; Esc answers `abort`.
   */
  askUser(request: Parameters<PermissionBroker['ask']>[0]): Promise<UserDecision> {
    return this.broker.ask(request, this.turnAbort?.signal ?? new AbortController().signal);
  }

  respond(requestId: string, decision: UserDecision): void {
    this.broker.respond(requestId, decision);
  }

  /** An MCP server's form (elicitation/create) for the user; `signal`: the server withdrew the request. */
  askForm(request: ElicitationRequest, signal: AbortSignal): Promise<ElicitationAnswer> {
    const turn = this.turnAbort?.signal;
    return this.forms.ask(request, turn ? AbortSignal.any([signal, turn]) : signal);
  }

  respondElicitation(requestId: string, answer: ElicitationAnswer): boolean {
    return this.forms.respond(requestId, answer);
  }

  abort(): void {
    this.turnAbort?.abort();
    this.broker.abortAll();
    this.forms.cancelAll();
  }

  switchAgent(name: string): void {
    const next = this.opts.catalog.agents.get(name);
    if (!next) {
      const names = [...this.opts.catalog.agents.keys()].sort().join(', ');
      throw new Error(`No agent named "${name}". Available: ${names}`);
    }
    const from = this.agent.name;
    this.agent = next;
    this.emit({ type: 'agent_switched', from, to: next.name, color: next.color, model: this.currentModel() });
    // An agent's own permissionMode applies only when it is stricter than the session's (plan stays plan; an agent
    // file's bypassPermissions or acceptEdits never widens a session).
    const narrowed = narrowedMode(this.mode, next.permissionMode);
    if (narrowed !== this.mode) {
      const neverAsked = this.mode === 'dontAsk' || this.carriedDontAsk;
      this.setMode(narrowed);
      this.carriedDontAsk = neverAsked;
    }
    void this.opts.transcript?.append({ type: 'agent_switch', from, to: next.name });
  }

  setModel(nameOrAlias: string): void {
    this.model = this.opts.resolveModel(nameOrAlias, this.model);
    this.explicitModel = true;
    this.emit({ type: 'model_changed', model: this.model });
    void this.opts.transcript?.append({ type: 'model_change', model: this.model });
  }

  setMode(mode: PermissionMode): void {
    // Every way into bypassPermissions passes the root check (/mode, agents, ExitPlanMode...), not only the flag.
    if (mode === 'bypassPermissions' && this.mode !== 'bypassPermissions') {
      const refusal = this.opts.bypassDisabledBy !== undefined
        ? `bypassPermissions mode is disabled by ${this.opts.bypassDisabledBy} ("disableBypassPermissionsMode": "disable"); staying in ${this.mode} mode`
        : checkBypassAllowed({ allowRootBypass: this.opts.allowRootBypass });
      if (refusal) {
        this.emit({ type: 'notice', level: 'warning', message: refusal });
        this.emit({ type: 'mode_changed', mode: this.mode });
        return;
      }
    }
    this.mode = mode;
    this.carriedDontAsk = false; // a mode chosen outright (by the user, ExitPlanMode...) stands on its own
    this.emit({ type: 'mode_changed', mode });
    void this.opts.transcript?.append({ type: 'mode_change', mode });
  }

  clear(): void {
    this.messages = [];
    this.todos = [];
    this.emit({ type: 'todos', todos: [] });
    void this.opts.hooks?.run('SessionStart', { source: 'clear' }).catch(() => undefined);
  }

  info(): SessionInfo {
    return {
      sessionId: this.sessionId,
      agent: this.agent,
      model: this.currentModel(),
      mode: this.mode,
      cwd: this.cwd,
      todos: this.todos,
      busy: this.turnAbort !== null,
      usage: (() => {
        const total = this.costs.total();
        return { type: 'usage' as const, total: total.usage, costUsd: total.costUsd, contextTokens: this.contextTokens, contextWindow: contextWindow(this.currentModel()) };
      })(),
    };
  }

  /** The session's base model (what agents without a model of their own use) and whether the user chose it; written
   *  to the log so a resume puts back both, not the model of whichever agent was current. */
  modelChoice(): { sessionModel: string; explicit: boolean } {
    return { sessionModel: this.model, explicit: this.explicitModel };
  }

  agents() {
    return { agents: [...this.opts.catalog.agents.values()], errors: this.opts.catalog.errors };
  }

  async reloadAgents(): Promise<void> {
    if (!this.opts.loadCatalog) return;
    const next = await this.opts.loadCatalog();
    // The catalog object is shared with the services: refresh it in place.
    this.opts.catalog.agents.clear();
    for (const [name, agent] of next.agents) this.opts.catalog.agents.set(name, agent);
    this.opts.catalog.errors.splice(0, this.opts.catalog.errors.length, ...next.errors);
    this.opts.catalog.shadowed.splice(0, this.opts.catalog.shadowed.length, ...next.shadowed);
    const current = next.agents.get(this.agent.name);
    if (current) this.agent = current;
  }

  /** The system prompt and tool specs the next request would carry (compaction reuses them for the cache). */
  requestShape(): { system: string; tools: import('../model/types').ToolSpec[] } {
    return { system: this.services.systemPromptFor(this.agent, true), tools: this.services.tools.specs(this.toolNames()) };
  }

  /** The tools the current agent may use. */
  toolNames(): string[] {
    return this.services.toolNamesFor(this.agent);
  }

  /** Subagent runs of this session, for /agents. */
  subagentRuns() {
    return this.services.subagentRuns;
  }

  /** Replaces the conversation (compaction, rewind). In place: a running turn's loop holds this very array, and
   *  must send the compacted history when it retries (not the one that was too long). */
  replaceMessages(messages: Message[]): void {
    this.messages.splice(0, this.messages.length, ...messages);
    // Where earlier turns started no longer exists in the new conversation: their conversation cannot be rewound.
    for (const turn of this.turns) turn.messageCount = -1;
  }

  /** Cuts the conversation back to before the given turn (rewind of the conversation). */
  rewindConversation(turnIndex: number): boolean {
    const turn = this.turns.find((t) => t.index === turnIndex);
    if (!turn || this.turnAbort || turn.messageCount < 0) return false;
    this.messages = repairToolPairing(this.messages.slice(0, turn.messageCount));
    this.turns.splice(this.turns.indexOf(turn));
    this.emit({ type: 'notice', level: 'info', message: `conversation rewound to before turn ${turnIndex}` });
    void this.opts.transcript?.append({ type: 'compaction', summary: `(rewound to before turn ${turnIndex})`, replacedMessages: 0, messages: this.messages });
    // The plan goes back with the conversation: the todos as they were when that turn started (also in the log,
    // so a resume after the rewind shows the same list).
    if (turn.todosBefore) {
      this.todos = turn.todosBefore;
      this.emit({ type: 'todos', todos: this.todos });
      void this.opts.transcript?.append({ type: 'todos', todos: this.todos });
    }
    return true;
  }

  todoList(): TodoItem[] {
    return this.todos;
  }

  async compactNow(focus?: string): Promise<boolean> {
    return this.opts.compact ? this.opts.compact(this, 'manual', focus) : false;
  }

  /** Ends the session: background shells stop, hooks see SessionEnd. */
  async close(): Promise<void> {
    this.abort();
    await this.opts.onCleanup?.();
  }

  currentModel(): string {
    return this.explicitModel ? this.model : this.opts.resolveModel(this.agent.model, this.model);
  }

  get currentAgent(): AgentDefinition {
    return this.agent;
  }

  get sessionStoreMap(): Map<string, unknown> {
    return this.sessionStore;
  }

  emit(event: EngineEvent): void {
    if (event.type === 'todos') this.todos = event.todos;
    if (event.type === 'usage') this.contextTokens = event.contextTokens;
    for (const listener of this.listeners) listener(event);
  }

  private async finishTurn(abort: AbortController, result: TurnResult): Promise<TurnResult> {
    try {
      await this.opts.checkpoints?.endTurn();
    } catch (error) {
      this.emit({ type: 'notice', level: 'warning', message: `checkpoint failed: ${(error as Error).message}` });
    }
    if (this.turnAbort === abort) this.turnAbort = null;
    this.emit({ type: 'turn_done', result });
    return result;
  }

  private async maybeCompact(reason: 'auto' | 'too_long'): Promise<boolean> {
    if (!this.opts.compact) return false;
    try {
      return await this.opts.compact(this, reason);
    } catch (error) {
      this.emit({ type: 'notice', level: 'warning', message: `compaction failed: ${(error as Error).message}` });
      return false;
    }
  }

  private baseResult(started: number, usageBefore: Usage, costBefore: number): TurnResult {
    const total = this.costs.total();
    const usage = emptyUsage();
    for (const key of Object.keys(usage) as Array<keyof Usage>) {
      if (key === 'server_tool_use') continue;
      usage[key] = (total.usage[key] as number) - ((usageBefore[key] as number) ?? 0);
    }
    const modelUsage: TurnResult['modelUsage'] = modelUsageOf(this.costs.byModel());
    return {
      subtype: 'success',
      isError: false,
      text: '',
      numTurns: 0,
      durationMs: Date.now() - started,
      durationApiMs: 0,
      usage,
      costUsd: total.costUsd - costBefore,
      modelUsage,
      permissionDenials: [...this.services.denials],
      stopReason: null,
    };
  }

  private mainSpeaker(): Speaker {
    return { agent: this.agent.name, color: this.agent.color, model: this.currentModel(), parentToolUseId: null, depth: 0 };
  }

  private async record(message: Message): Promise<void> {
    await this.opts.transcript?.append({ type: 'message', message, agent: this.agent.name, model: this.currentModel(), parentToolUseId: null });
  }

  private async recordToolResult(result: import('../model/types').ToolResultBlock): Promise<void> {
    await this.opts.transcript?.append({ type: 'tool_result', result, parentToolUseId: null });
  }

  private buildServices(): EngineServices {
    const opts = this.opts;
    const session = this;
    const sessionDir = opts.sessionDir;
    let sessionDirMade = false;
    const services: EngineServices = {
      client: opts.client,
      tools: opts.tools,
      policy: opts.policy,
      broker: this.broker,
      emit: (event) => this.emit(event),
      interactive: opts.interactive,
      headlessDenial: opts.headlessDenial,
      hooks: opts.hooks,
      checkpoints: opts.checkpoints,
      transcript: opts.transcript,
      costs: this.costs,
      sessionId: this.sessionId,
      denials: [],
      maxDepth: opts.maxDepth ?? 3,
      subagentRuns: [],
      prepareRequest: opts.prepareRequest,
      persistRule: opts.persistRule,
      folderMemory: opts.folderMemory,
      persistedAllowNote: opts.persistedAllowNote,
      mode: () => this.mode,
      neverAsks: () => this.mode === 'dontAsk' || this.carriedDontAsk,
      resolveAgentModel: (agent) =>
        agent === this.agent && this.explicitModel ? this.model : opts.resolveModel(agent.model, this.model),
      toolNamesFor: (agent) => opts.effectiveTools(agent, opts.tools.names()),
      agentByName: (name) => opts.catalog.agents.get(name),
      allAgents: () => [...opts.catalog.agents.values()],
      maxTokensFor: (model) => (/haiku/.test(model) ? 8192 : 16_384),
      systemPromptFor: (agent, isMain) => {
        const toolNames = services.toolNamesFor(agent);
        return buildSystemPrompt(agent, {
          cwd: this.cwd,
          projectRoot: opts.projectRoot,
          isGitRepo: opts.isGitRepo,
          platform: process.platform,
          date: opts.today ?? new Date().toISOString().slice(0, 10),
          model: services.resolveAgentModel(agent),
          memoryText: opts.memoryText,
          appendSystemPrompt: isMain ? opts.appendSystemPrompt : undefined,
          delegates: toolNames.includes('Task') ? [...opts.catalog.agents.values()] : undefined,
        });
      },
      toolContext: (signal, onProgress): ToolContext => {
        if (!sessionDirMade) {
          mkdirSync(sessionDir, { recursive: true });
          sessionDirMade = true;
        }
        return {
          get cwd() {
            return session.cwd;
          },
          setCwd: (dir) => {
            session.cwd = dir;
          },
          projectRoot: opts.projectRoot,
          additionalDirectories: opts.additionalDirectories ?? [],
          sessionId: this.sessionId,
          sessionDir,
          signal,
          files: opts.files,
          progress: onProgress,
          model: opts.client,
          resolveModel: (spec) => opts.resolveModel(spec, this.model),
          todos: {
            get: () => this.todos,
            set: (todos) => {
              this.todos = todos;
              void opts.transcript?.append({ type: 'todos', todos });
            },
          },
          permissionMode: {
            get: () => this.mode,
            set: (mode) => this.setMode(mode as PermissionMode),
          },
          sessionStore: this.sessionStore,
          readGuard: opts.policy.readGuard?.(opts.projectRoot),
          grantForTurn: (rules, source) => {
            if (!opts.policy.addTurnRules) throw new Error('this permission policy cannot take rules for a turn');
            this.turnGrants.push(opts.policy.addTurnRules(rules, source));
          },
        };
      },
    };
    return services;
  }
}
