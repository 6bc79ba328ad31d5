// The hook part of the settings format (shared with Claude Code's settings.json). The rest of a file is read value
// by value in read-file.ts, so one bad value never costs the others.
import { z } from 'zod';

const hookCommand = z.object({
  type: z.literal('command'),
  command: z.string().min(1),
  timeout: z.number().positive().optional(),
}).loose();

const hookMatcher = z.object({
  matcher: z.string().optional(),
  hooks: z.array(hookCommand),
}).loose();

export const HOOK_EVENTS = [
  'PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'Stop', 'SubagentStop', 'SessionStart', 'SessionEnd', 'Notification',
  'PostToolUseFailure', 'PreCompact', 'SubagentStart', 'PermissionRequest',
] as const;

// Keyed by event name; unknown event names are reported as warnings by the loader, not rejected.
export const hooksSchema = z.record(z.string(), z.array(hookMatcher));

export type HooksConfig = Partial<Record<HookEventName, Array<z.infer<typeof hookMatcher>>>>;
export type HookMatcherConfig = z.infer<typeof hookMatcher>;
export type HookCommandConfig = z.infer<typeof hookCommand>;
export type HookEventName = (typeof HOOK_EVENTS)[number];
