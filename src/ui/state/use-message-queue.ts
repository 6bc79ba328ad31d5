// Messages sent while a turn runs: kept in order, drawn pinned above the input, sent one per turn as turns end.
// State for drawing, a ref for the callbacks that run between renders (a turn ending, keys in one read).
import { useCallback, useRef, useState } from 'react';
import type { TurnOptions } from '../../engine/controller';

export interface QueuedMessage {
  id: number;
  text: string;
  turn?: TurnOptions;
}

export interface MessageQueue {
  items: readonly QueuedMessage[];
  push(text: string, turn?: TurnOptions): void;
  /** The oldest, taken out to be sent. */
  shift(): QueuedMessage | undefined;
  /** The newest, taken out (to edit it, or to drop it). */
  pop(): QueuedMessage | undefined;
}

export function useMessageQueue(): MessageQueue {
  const [items, setItems] = useState<readonly QueuedMessage[]>([]);
  const ref = useRef<readonly QueuedMessage[]>([]);
  const seq = useRef(0);
  const update = useCallback((next: readonly QueuedMessage[]) => {
    ref.current = next;
    setItems(next);
  }, []);
  const push = useCallback((text: string, turn?: TurnOptions) => update([...ref.current, { id: ++seq.current, text, turn }]), [update]);
  const shift = useCallback(() => {
    const [first, ...rest] = ref.current;
    if (first) update(rest);
    return first;
  }, [update]);
  const pop = useCallback(() => {
    const last = ref.current[ref.current.length - 1];
    if (last) update(ref.current.slice(0, -1));
    return last;
  }, [update]);
  return { items, push, shift, pop };
}
