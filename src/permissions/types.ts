// Permission decisions, shared by the engine (which asks) and the rules and UI (which answer).
import type { Preview, ToolKind } from '../tools/types';
import type { ReadGuard } from './read-guard';

export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'bypassPermissions' | 'dontAsk';
export const PERMISSION_MODES: readonly PermissionMode[] = ['default', 'acceptEdits', 'plan', 'bypassPermissions', 'dontAsk'];

export interface PermissionQuery {
  toolName: string;
  input: Record<string, unknown>;
  preview: Preview;
  /** The agent making the call. */
  agentName: string;
  mode: PermissionMode;
  cwd: string;
  projectRoot: string;
  /** The tool's kind from the registry; lets the policy treat tools it does not know by name (optional). */
  toolKind?: ToolKind;
  /** Bash only: the call runs in the OS sandbox and the sandbox settings let it run unprompted (src/sandbox/). */
  sandboxAutoAllow?: boolean;
}

export type RuleDecision =
  | { behavior: 'allow'; reason: string; rule?: string }
  | { behavior: 'deny'; reason: string; rule?: string }
  | { behavior: 'ask'; reason: string; rule?: string };

/** What the user answers to an `ask`. */
export type UserDecision =
  /** `updatedInput`: a controlling program (Agent SDK canUseTool) changed the call's input. */
  | { type: 'once'; updatedInput?: Record<string, unknown> }
  | { type: 'always'; rule: string; persist?: boolean }
  /** `message`: the exact text for the model (SDK deny); `interrupt`: also stop the turn. */
  | { type: 'deny'; feedback?: string; message?: string; interrupt?: boolean }
  /** Esc: no, and stop the turn. */
  | { type: 'abort' };

/** The rules engine as the session sees it. */
export interface PermissionPolicy {
  decide(query: PermissionQuery): RuleDecision;
  /** The narrowest useful rule for "don't ask again" (e.g. `Bash(npm run test:*)`, `Edit(src/a.ts)`). */
  suggestRule(query: PermissionQuery): { rule: string; label: string };
  addSessionRule(rule: string, behavior: 'allow' | 'deny'): void;
  /** Allow rules for one turn (a custom command's allowed-tools); returns their remover. */
  addTurnRules?(rules: string[], source: string): () => void;
  /** Read deny/ask rules for tools that read many files in one call (Grep), given to them in the ToolContext. */
  readGuard?(projectRoot: string): ReadGuard;
}
