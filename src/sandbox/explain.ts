// When a sandboxed command fails, the model (and the user) should learn whether the sandbox stopped it and what
// the boundary is, so it can ask for what it needs instead of guessing. bubblewrap has no violation log: the
// signs are the errors the kernel and the proxy give (EROFS, a denied path, a refused connection).
import type { SandboxBoundary } from './boundary';

const WRITE_SIGNS = [/read-only file system/i, /\bEROFS\b/];
const READ_OR_WRITE_DENIED = [/permission denied/i, /operation not permitted/i, /\bEACCES\b/, /\bEPERM\b/];
const NETWORK_SIGNS = [
  /could not resolve host/i,
  /temporary failure in name resolution/i,
  /network is unreachable/i,
  /couldn'?t connect to server/i,
  /connection refused/i,
  /\bECONNREFUSED\b/,
  /\bENOTFOUND\b/,
  /\bEAI_AGAIN\b/,
  /403 forbidden/i,
  /blocked by network/i,
  /proxy/i,
];

export type SandboxSign = 'write' | 'denied' | 'network';

export function sandboxSigns(output: string): SandboxSign[] {
  const signs: SandboxSign[] = [];
  if (WRITE_SIGNS.some((r) => r.test(output))) signs.push('write');
  if (READ_OR_WRITE_DENIED.some((r) => r.test(output))) signs.push('denied');
  if (NETWORK_SIGNS.some((r) => r.test(output))) signs.push('network');
  return signs;
}

/**
 * The note added to a failed sandboxed command's result; undefined when nothing in the output points at the
 * sandbox. `mayRetryOutside`: whether the model may ask to run it outside (sandbox.allowUnsandboxedCommands).
 */
export function explainSandboxFailure(output: string, boundary: SandboxBoundary, mayRetryOutside: boolean): string | undefined {
  const signs = sandboxSigns(output);
  if (signs.length === 0) return undefined;
  const lines = ['This command ran in tandem\'s sandbox, which may have blocked it:'];
  if (signs.includes('write') || signs.includes('denied')) {
    lines.push(`- writes are allowed only below: ${boundary.writable.join(', ')}`);
    lines.push(`- read-only even there: ${boundary.denyWrite.join(', ')}`);
    lines.push(`- unreadable: ${boundary.denyRead.join(', ')}`);
  }
  if (signs.includes('network')) {
    const allowed = boundary.network.allowedDomains;
    lines.push(`- network only through the sandbox's proxy to allowed domains (${allowed.length > 0 ? allowed.join(', ') : 'none allowed'}); local ports (127.0.0.1) are not reachable${boundary.network.allowLocalBinding ? '' : ', and binding a local port is not allowed'}`);
  }
  lines.push(
    mayRetryOutside
      ? 'If the command needs more, tell the user what and why (they can widen the boundary with /sandbox or the sandbox settings), or run it again with dangerouslyDisableSandbox: true, which asks the user first.'
      : 'If the command needs more, tell the user what and why: they can widen the boundary with /sandbox or the sandbox settings.',
  );
  return lines.join('\n');
}

/** The lines the checks after sandboxed commands left (after-call.ts), as one note; undefined when there are none. */
export function sandboxAuditNote(sandbox: { takeNotes(): string[] } | undefined): string | undefined {
  const notes = sandbox?.takeNotes() ?? [];
  if (notes.length === 0) return undefined;
  return `[sandbox] git files a sandboxed command could have used to run code outside the sandbox:\n${notes.map((n) => `- ${n}`).join('\n')}`;
}
