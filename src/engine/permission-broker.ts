// Turns `ask` decisions into requests the front end answers. Requests are asked one at a time, in order, even
// when several subagents run concurrently: each waits for the previous prompt to be answered.
import { randomUUID } from 'node:crypto';
import type { UserDecision } from '../permissions/types';
import type { EngineEvent } from './events';

type PermissionRequestEvent = Extract<EngineEvent, { type: 'permission_request' }>;

export class PermissionBroker {
  private readonly pending = new Map<string, (decision: UserDecision) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly emit: (event: EngineEvent) => void) {}

  /** Asks the user; resolves with their answer, or `abort` when the signal fires first. */
  ask(request: Omit<PermissionRequestEvent, 'type' | 'requestId'>, signal: AbortSignal): Promise<UserDecision> {
    const answer = this.queue.then(() => this.askNow(request, signal));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  respond(requestId: string, decision: UserDecision): boolean {
    const resolve = this.pending.get(requestId);
    if (!resolve) return false;
    resolve(decision);
    return true;
  }

  /** Answers every open request with `abort` (Esc, session end). */
  abortAll(): void {
    for (const resolve of [...this.pending.values()]) resolve({ type: 'abort' });
  }

  get openRequests(): number {
    return this.pending.size;
  }

  private askNow(request: Omit<PermissionRequestEvent, 'type' | 'requestId'>, signal: AbortSignal): Promise<UserDecision> {
    if (signal.aborted) return Promise.resolve({ type: 'abort' });
    const requestId = randomUUID();
    return new Promise<UserDecision>((resolve) => {
      const onAbort = () => finish({ type: 'abort' });
      const finish = (decision: UserDecision) => {
        if (!this.pending.delete(requestId)) return;
        signal.removeEventListener('abort', onAbort);
        this.emit({ type: 'permission_resolved', requestId });
        resolve(decision);
      };
      this.pending.set(requestId, finish);
      signal.addEventListener('abort', onAbort, { once: true });
      this.emit({ type: 'permission_request', requestId, ...request });
    });
  }
}
