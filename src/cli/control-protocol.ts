// The control channel of `--input-format stream-json`: requests both ways over stdin/stdout, each answered by a
// control_response with the same request_id. This file only moves requests and answers; what each subtype does is
// decided in run-stream.ts.
import { randomUUID } from 'node:crypto';
import type { WriteLine } from './event-lines';

export class ControlError extends Error {}

export class ControlChannel {
  private readonly pending = new Map<string, { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private closed = false;

  constructor(
    private readonly write: WriteLine,
    private readonly flush: () => void,
  ) {}

  /** Sends a request to the controlling program; resolves with its success payload, rejects with its error. */
  request(request: { subtype: string } & Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new ControlError('the controlling program closed stdin'));
    const requestId = randomUUID();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(requestId)) return;
        this.write({ type: 'control_cancel_request', request_id: requestId });
        this.flush();
        reject(new ControlError('cancelled'));
      };
      this.pending.set(requestId, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.write({ type: 'control_request', request_id: requestId, request });
      // The other side waits on this line: it goes out now, not with the next batch.
      this.flush();
    });
  }

  /** A control_response arrived; false when no request of ours has that id. */
  answer(requestId: string, outcome: { ok: true; response: Record<string, unknown> } | { ok: false; error: string }): boolean {
    const waiter = this.pending.get(requestId);
    if (!waiter) return false;
    this.pending.delete(requestId);
    if (outcome.ok) waiter.resolve(outcome.response);
    else waiter.reject(new ControlError(outcome.error));
    return true;
  }

  succeed(requestId: string, response: Record<string, unknown> = {}): void {
    this.write({ type: 'control_response', response: { subtype: 'success', request_id: requestId, response } });
    this.flush();
  }

  fail(requestId: string, error: string, errorCode?: string): void {
    this.write({ type: 'control_response', response: { subtype: 'error', request_id: requestId, error, ...(errorCode ? { error_code: errorCode } : {}) } });
    this.flush();
  }

  /** stdin closed: nobody will answer; every open request fails. */
  close(): void {
    this.closed = true;
    for (const [id, waiter] of [...this.pending]) {
      this.pending.delete(id);
      waiter.reject(new ControlError('the controlling program closed stdin'));
    }
  }
}
