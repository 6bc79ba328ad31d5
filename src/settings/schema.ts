// The settings file format (shared with Claude Code's settings.json), validated with zod.
import { z } from 'zod';
import { PERMISSION_MODES } from '../permissions/types';

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
] as const;

// Keyed by event name; unknown event names are reported as warnings by the loader, not rejected.
export const hooksSchema = z.record(z.string(), z.array(hookMatcher));

export const permissionsSchema = z.object({
  allow: z.array(z.string()).optional(),
  ask: z.array(z.string()).optional(),
  deny: z.array(z.string()).optional(),
  defaultMode: z.enum(PERMISSION_MODES as [string, ...string[]]).optional(),
  additionalDirectories: z.array(z.string()).optional(),
}).strict();

/** Known top-level keys; anything else is a warning, not an error (files are shared with other tools). */
export const settingsSchema = z.object({
  permissions: permissionsSchema.optional(),
  model: z.string().min(1).optional(),
  fallbackModel: z.string().min(1).optional(),
  modelAliases: z.record(z.string(), z.string().min(1)).optional(),
  env: z.record(z.string(), z.string()).optional(),
  hooks: hooksSchema.optional(),
  mcpServers: z.record(z.string(), z.unknown()).optional(),
  pricing: z.record(z.string(), z.unknown()).optional(),
  compactThreshold: z.number().gt(0).max(1).optional(),
  $schema: z.string().optional(),
}).strict();

export type SettingsFile = z.infer<typeof settingsSchema>;
export type HooksConfig = Partial<Record<HookEventName, Array<z.infer<typeof hookMatcher>>>>;
export type HookMatcherConfig = z.infer<typeof hookMatcher>;
export type HookCommandConfig = z.infer<typeof hookCommand>;
export type HookEventName = (typeof HOOK_EVENTS)[number];
