// How a tandem session ends on SIGINT, SIGTERM and SIGHUP. A signal some part of tandem has claimed (headless runs
// abort the turn and finish cleanly on the first one) goes to that claim; any other ends the process through
// process.exit, so the 'exit' handlers run (temp folders removed, the terminal restored) instead of Node dying on
// the spot or, worse, a library's own listener swallowing the signal and leaving tandem running.
import os from 'node:os';

export type EndingSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
const ENDING_SIGNALS: readonly EndingSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const claims = new Map<EndingSignal, Array<() => void>>();
let installed = false;

function onSignal(signal: EndingSignal): void {
  const handlers = claims.get(signal);
  const handler = handlers?.pop();
  if (handler) {
    // One signal per claim, as `process.once` gave: a second Ctrl-C ends a run whose abort hangs.
    handler();
    return;
  }
  // 128 + the signal's number, the status a shell reports for a process a signal ended.
  process.exit(128 + (os.constants.signals[signal] ?? 0));
}

/** Installs the policy for the life of the process (once; later calls do nothing). */
export function exitOnEndingSignals(): void {
  if (installed) return;
  installed = true;
  for (const signal of ENDING_SIGNALS) process.on(signal, () => onSignal(signal));
}

/**
 * The next one of `signals` calls `handler` instead of ending the process (each signal once, like process.once).
 * Returns the release, for when the claim is no longer wanted.
 */
export function claimSignals(signals: readonly EndingSignal[], handler: () => void): () => void {
  exitOnEndingSignals();
  for (const signal of signals) {
    const list = claims.get(signal) ?? [];
    list.push(handler);
    claims.set(signal, list);
  }
  return () => {
    for (const signal of signals) {
      const list = claims.get(signal);
      const at = list?.lastIndexOf(handler) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
    }
  };
}
