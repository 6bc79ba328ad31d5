// What tandem prints when the shell closes: how to come back to this session, and what it cost. Printed after Ink
// let go of the terminal, so it stays in the scrollback under the last frame.
import type { Bootstrapped } from './bootstrap';

export function exitNote(boot: Pick<Bootstrapped, 'session' | 'costs' | 'resumed'>): string | null {
  const total = boot.costs.total();
  const used = total.usage.input_tokens + total.usage.output_tokens + total.usage.cache_read_input_tokens + total.usage.cache_creation_input_tokens;
  // A shell opened and closed without a word has nothing to come back to.
  if (used === 0 && !boot.resumed) return null;
  const cost = `$${total.costUsd.toFixed(total.costUsd < 1 ? 3 : 2)}`;
  return [`Session cost: ${cost} (${used.toLocaleString('en-US')} tokens)`, `Resume this session with: tandem --resume ${boot.session.sessionId}`].join('\n');
}
