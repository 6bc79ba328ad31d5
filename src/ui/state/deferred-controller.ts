// A SessionController that stands in while the real one is still being built, so the shell can draw its prompt
// before the engine is loaded. Listeners attach when the session arrives; calls made before then wait for it.
import type { SessionController, SessionInfo, TurnOptions } from '../../engine/controller';
import type { EngineEvent, TurnResult } from '../../engine/events';
import type { PermissionMode, UserDecision } from '../../permissions/types';

export class DeferredController implements SessionController {
  private real: SessionController | null = null;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly detach = new Map<(event: EngineEvent) => void, () => void>();
  readonly ready: Promise<SessionController>;

  constructor(pending: Promise<SessionController>) {
    this.ready = pending.then((real) => {
      this.real = real;
      for (const l of this.listeners) this.detach.set(l, real.subscribe(l));
      return real;
    });
    // A failed start is reported by whoever awaits `ready`; this keeps it from being an unhandled rejection here.
    this.ready.catch(() => undefined);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.real) this.detach.set(listener, this.real.subscribe(listener));
    return () => {
      this.listeners.delete(listener);
      this.detach.get(listener)?.();
      this.detach.delete(listener);
    };
  }

  async send(prompt: string, turn?: TurnOptions): Promise<TurnResult> {
    return (this.real ?? (await this.ready)).send(prompt, turn);
  }

  respond(requestId: string, decision: UserDecision): void {
    this.real?.respond(requestId, decision);
  }

  respondElicitation(requestId: string, answer: import('../../mcp/elicitation-form').ElicitationAnswer): boolean {
    return this.real?.respondElicitation?.(requestId, answer) ?? false;
  }

  abort(): void {
    this.real?.abort();
  }

  switchAgent(name: string): void {
    this.now().switchAgent(name);
  }

  setModel(nameOrAlias: string): void {
    this.now().setModel(nameOrAlias);
  }

  setMode(mode: PermissionMode): void {
    this.now().setMode(mode);
  }

  clear(): void {
    this.real?.clear();
  }

  info(): SessionInfo {
    return this.now().info();
  }

  agents(): ReturnType<SessionController['agents']> {
    return this.now().agents();
  }

  async reloadAgents(): Promise<void> {
    await (this.real ?? (await this.ready)).reloadAgents?.();
  }

  async runUserShell(command: string): Promise<{ ran: boolean }> {
    const real = this.real ?? (await this.ready);
    if (!real.runUserShell) throw new Error('this session cannot run shell commands');
    return real.runUserShell(command);
  }

  subagentRuns(): ReturnType<NonNullable<SessionController['subagentRuns']>> {
    return this.real?.subagentRuns?.() ?? [];
  }

  private now(): SessionController {
    if (!this.real) throw new Error('the session is still starting; try again in a moment');
    return this.real;
  }
}
