// A scripted SessionController for UI tests: emits the EngineEvents a test gives it and records every call.
import type { SessionController, SessionInfo } from '../../src/engine/controller';
import type { EngineEvent, Speaker, TurnResult } from '../../src/engine/events';
import type { AgentDefinition } from '../../src/agents/types';
import type { PermissionMode, UserDecision } from '../../src/permissions/types';

export const mainSpeaker: Speaker = { agent: 'main', model: 'claude-test', parentToolUseId: null, depth: 0 };

export function agent(name: string, extra: Partial<AgentDefinition> = {}): AgentDefinition {
  return {
    name,
    description: `${name} agent`,
    disallowedTools: [],
    systemPrompt: 'prompt',
    frontmatter: {},
    source: { kind: 'project', path: `/p/.tandem/agents/${name}.md` },
    warnings: [],
    ...extra,
  };
}

export function turnResult(extra: Partial<TurnResult> = {}): TurnResult {
  return {
    subtype: 'success',
    isError: false,
    text: '',
    numTurns: 1,
    durationMs: 1,
    durationApiMs: 1,
    usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    costUsd: 0,
    modelUsage: {},
    permissionDenials: [],
    stopReason: 'end_turn',
    ...extra,
  };
}

export class FakeController implements SessionController {
  listeners = new Set<(e: EngineEvent) => void>();
  calls: Array<{ method: string; args: unknown[] }> = [];
  sent: string[] = [];
  responses: Array<{ requestId: string; decision: UserDecision }> = [];
  agentList = [agent('main', { color: 'blue' }), agent('reviewer', { color: 'green' })];
  mode: PermissionMode = 'default';
  private finishTurn: ((r: TurnResult) => void) | null = null;

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(...events: EngineEvent[]): void {
    for (const e of events) for (const l of this.listeners) l(e);
  }
  send(prompt: string): Promise<TurnResult> {
    this.sent.push(prompt);
    this.calls.push({ method: 'send', args: [prompt] });
    this.emit({ type: 'user_prompt', text: prompt });
    return new Promise((resolve) => (this.finishTurn = resolve));
  }
  /** Ends the running turn (emits turn_done and resolves send). */
  endTurn(result = turnResult()): void {
    this.emit({ type: 'turn_done', result });
    this.finishTurn?.(result);
    this.finishTurn = null;
  }
  respond(requestId: string, decision: UserDecision): void {
    this.responses.push({ requestId, decision });
    this.calls.push({ method: 'respond', args: [requestId, decision] });
  }
  abort(): void {
    this.calls.push({ method: 'abort', args: [] });
  }
  switchAgent(name: string): void {
    this.calls.push({ method: 'switchAgent', args: [name] });
    const a = this.agentList.find((x) => x.name === name)!;
    this.emit({ type: 'agent_switched', from: 'main', to: name, color: a.color, model: 'claude-test' });
  }
  setModel(name: string): void {
    this.calls.push({ method: 'setModel', args: [name] });
  }
  setMode(mode: PermissionMode): void {
    this.mode = mode;
    this.calls.push({ method: 'setMode', args: [mode] });
  }
  clear(): void {
    this.calls.push({ method: 'clear', args: [] });
  }
  info(): SessionInfo {
    return { sessionId: 's1', agent: this.agentList[0]!, model: 'claude-test', mode: this.mode, cwd: '/p', todos: [], busy: false };
  }
  agents() {
    return { agents: this.agentList, errors: [{ path: '/p/.tandem/agents/bad.md', field: 'tools', message: 'must be a list' }] };
  }
  called(method: string) {
    return this.calls.filter((c) => c.method === method);
  }
}
