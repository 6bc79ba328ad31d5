// What running the hooks of one event tells the engine.
export type { HookEventName, HooksConfig } from '../settings/schema';

export interface HookOutcome {
  /** A hook blocked (exit 2, decision "block", or permissionDecision "deny"): the reason goes to the model. */
  blocked: boolean;
  reason?: string;
  /** PreToolUse: the strongest decision any hook gave (deny > ask > allow). */
  permissionDecision?: 'allow' | 'deny' | 'ask';
  /** PreToolUse: the tool input a hook rewrote. */
  updatedInput?: Record<string, unknown>;
  /** UserPromptSubmit / SessionStart: text to add to the model's context. */
  additionalContext?: string[];
  /** Shown to the user. */
  systemMessages: string[];
  /** Failures shown to the user; they never block. */
  errors: string[];
  /** A hook asked to stop the session's turn (`continue: false`). */
  stop?: { reason?: string };
}

export interface HookBase {
  sessionId: string;
  transcriptPath: string;
  cwd: string;
  projectRoot: string;
  /** The session's permission mode when the hook runs (`permission_mode` in every payload). */
  permissionMode?: () => string;
  /** The session's folder: hook text cut for the model is kept whole under `hook-output/` there. */
  outputDir?: string;
}
