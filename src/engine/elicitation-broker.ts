// Forms an MCP server asks the user to fill in (`elicitation/create`). Like permission requests they become an
// event with an id that the front end answers, one at a time; unlike them they never decide a tool call, so they
// have their own broker, event and screen (a server must not be able to pass a form off as a permission prompt).
import { randomUUID } from 'node:crypto';
import { checkContent, type ElicitationAnswer } from '../mcp/elicitation-form';
import type { EngineEvent } from './events';

type ElicitationRequestEvent = Extract<EngineEvent, { type: 'elicitation_request' }>;
export type ElicitationRequest = Omit<ElicitationRequestEvent, 'type' | 'requestId'>;

export class ElicitationBroker {
  private readonly pending = new Map<string, { request: ElicitationRequest; finish: (answer: ElicitationAnswer) => void }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly emit: (event: EngineEvent) => void) {}

  /** Shows the form once the ones before it are answered; `cancel` when the signal fires first. */
  ask(request: ElicitationRequest, signal: AbortSignal): Promise<ElicitationAnswer> {
    const answer = this.queue.then(() => this.askNow(request, signal));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  /**
   * The front end's answer. An accepted form is checked against its fields once more here: whatever the screen
   * did, a value outside the schema never reaches the server. Returns false for an unknown id or a bad answer.
   */
  respond(requestId: string, answer: ElicitationAnswer): boolean {
    const open = this.pending.get(requestId);
    if (!open) return false;
    if (answer.action === 'accept') {
      const checked = checkContent(open.request.fields, answer.content);
      if (!checked.ok) return false;
      open.finish({ action: 'accept', content: checked.content });
      return true;
    }
    open.finish(answer);
    return true;
  }

  /** Esc, session end: every open form is dismissed. */
  cancelAll(): void {
    for (const open of [...this.pending.values()]) open.finish({ action: 'cancel' });
  }

  private askNow(request: ElicitationRequest, signal: AbortSignal): Promise<ElicitationAnswer> {
    if (signal.aborted) return Promise.resolve({ action: 'cancel' });
    const requestId = randomUUID();
    return new Promise<ElicitationAnswer>((resolve) => {
      const onAbort = () => finish({ action: 'cancel' });
      const finish = (answer: ElicitationAnswer) => {
        if (!this.pending.delete(requestId)) return;
        signal.removeEventListener('abort', onAbort);
        this.emit({ type: 'elicitation_resolved', requestId });
        resolve(answer);
      };
      this.pending.set(requestId, { request, finish });
      signal.addEventListener('abort', onAbort, { once: true });
      this.emit({ type: 'elicitation_request', requestId, ...request });
    });
  }
}
