// The engine holds these modules through its own narrow interfaces (src/engine/services.ts); this keeps them
// assignable so wiring them in needs no adapters.
import { expect, it } from 'vitest';
import type { CostLike, TranscriptLike } from '../../src/engine/services';
import { CostTracker } from '../../src/session/cost-tracker';
import type { TranscriptWriter } from '../../src/session/transcript-store';

it('fits the engine seams', () => {
  const costs: CostLike = new CostTracker();
  const asTranscript = (w: TranscriptWriter): TranscriptLike => w;
  expect(typeof asTranscript).toBe('function');
  expect(costs.total().costUsd).toBe(0);
});
