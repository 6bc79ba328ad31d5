// Batches stream deltas so React renders at most every ~30 ms while text streams. Any other event flushes the
// queue at once (order is kept). The timer exists only while deltas are waiting: idle means no timers.
import type { EngineEvent } from '../../engine/events';

const isDelta = (e: EngineEvent) => e.type === 'text_delta' || e.type === 'thinking_delta' || e.type === 'tool_output';

export class EventBatcher {
  private queue: EngineEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly deliver: (events: EngineEvent[]) => void,
    private readonly intervalMs = 30,
  ) {}

  push(event: EngineEvent): void {
    this.queue.push(event);
    if (!isDelta(event)) {
      this.flush();
      return;
    }
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) return;
    const events = this.queue;
    this.queue = [];
    this.deliver(events);
  }

  /** True while a flush timer is armed (tests check that idle means no timer). */
  get pending(): boolean {
    return this.timer !== null;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}
