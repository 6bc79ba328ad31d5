// Reads every settings file, lowest precedence first, validates each, and merges them.
// Lists merge (union) across levels; scalars: the higher level wins. A broken file is left out of the merge and
// reported; the caller decides what to do (headless refuses to start, interactive shows the error).
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { PermissionMode } from '../permissions/types';
import type { RuleEntry } from '../permissions/policy';
import { parseJsonWithPosition } from './json-position';
import { settingsSchema, HOOK_EVENTS, type HooksConfig, type SettingsFile, type HookEventName } from './schema';

export type SettingsLevel = 'user' | 'project' | 'local';

export interface SettingsSource {
  path: string;
  level: SettingsLevel;
  /** False when the file is missing or broken. */
  loaded: boolean;
}

export interface SettingsError {
  path: string;
  line?: number;
  column?: number;
  /** Dotted key path of a bad value (`permissions.defaultMode`). */
  key?: string;
  message: string;
}

export interface MergedSettings {
  permissions: {
    allow: RuleEntry[];
    ask: RuleEntry[];
    deny: RuleEntry[];
    defaultMode?: PermissionMode;
    /** Absolute paths. */
    additionalDirectories: string[];
  };
  model?: string;
  fallbackModel?: string;
  modelAliases: Record<string, string>;
  env: Record<string, string>;
  /** Matchers of every level, concatenated per event. */
  hooks: HooksConfig;
  mcpServers: Record<string, unknown>;
  pricing: Record<string, unknown>;
  compactThreshold?: number;
}

export interface LoadSettingsOptions {
  cwd: string;
  projectRoot: string;
  tandemHome: string;
  homeDir: string;
}

export interface LoadedSettings {
  settings: MergedSettings;
  sources: SettingsSource[];
  errors: SettingsError[];
  warnings: string[];
}

/** The files, lowest precedence first. Claude Code's file sits just below tandem's at each level. */
export function settingsPaths(opts: LoadSettingsOptions): Array<{ path: string; level: SettingsLevel }> {
  return [
    { path: path.join(opts.homeDir, '.claude', 'settings.json'), level: 'user' },
    { path: path.join(opts.tandemHome, 'settings.json'), level: 'user' },
    { path: path.join(opts.projectRoot, '.claude', 'settings.json'), level: 'project' },
    { path: path.join(opts.projectRoot, '.tandem', 'settings.json'), level: 'project' },
    { path: path.join(opts.projectRoot, '.claude', 'settings.local.json'), level: 'local' },
    { path: path.join(opts.projectRoot, '.tandem', 'settings.local.json'), level: 'local' },
  ];
}

export function emptySettings(): MergedSettings {
  return {
    permissions: { allow: [], ask: [], deny: [], additionalDirectories: [] },
    modelAliases: {},
    env: {},
    hooks: {},
    mcpServers: {},
    pricing: {},
  };
}

export function loadSettings(opts: LoadSettingsOptions): LoadedSettings {
  const settings = emptySettings();
  const sources: SettingsSource[] = [];
  const errors: SettingsError[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const { path: file, level } of settingsPaths(opts)) {
    // TANDEM_HOME may point at ~/.claude: read each file once.
    if (seen.has(path.resolve(file))) continue;
    seen.add(path.resolve(file));
    const result = readSettingsFile(file);
    if (result.kind === 'missing') {
      sources.push({ path: file, level, loaded: false });
      continue;
    }
    warnings.push(...result.warnings);
    if (result.kind === 'error') {
      errors.push(...result.errors);
      sources.push({ path: file, level, loaded: false });
      continue;
    }
    sources.push({ path: file, level, loaded: true });
    mergeInto(settings, result.value, file, opts);
  }
  return { settings, sources, errors, warnings };
}

type FileResult =
  | { kind: 'missing' }
  | { kind: 'error'; errors: SettingsError[]; warnings: string[] }
  | { kind: 'ok'; value: SettingsFile; warnings: string[] };

export function readSettingsFile(file: string): FileResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'error', errors: [{ path: file, message: `cannot read the file: ${(e as Error).message}` }], warnings: [] };
  }
  if (text.trim() === '') return { kind: 'ok', value: {}, warnings: [] };
  const parsed = parseJsonWithPosition(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    return {
      kind: 'error',
      errors: [{ path: file, line, column, message: `${file}:${line}:${column}: invalid JSON: ${message}. Fix the file or move it away.` }],
      warnings: [],
    };
  }
  return validateSettings(parsed.value, file);
}

export function validateSettings(value: unknown, file: string): FileResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'error', errors: [{ path: file, message: `${file}: the settings must be a JSON object ({ ... })` }], warnings: [] };
  }
  const warnings: string[] = [];
  const copy = structuredClone(value) as Record<string, unknown>;
  const hooks = copy.hooks;
  if (hooks && typeof hooks === 'object' && !Array.isArray(hooks)) {
    for (const event of Object.keys(hooks)) {
      if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
        warnings.push(`${file}: unknown hook event "hooks.${event}" is ignored (known: ${HOOK_EVENTS.join(', ')})`);
        delete (hooks as Record<string, unknown>)[event];
      }
    }
  }
  let result = settingsSchema.safeParse(copy);
  if (!result.success) {
    const errors: SettingsError[] = [];
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) {
          const full = key ? `${key}.${k}` : k;
          warnings.push(`${file}: unknown key "${full}" is ignored`);
          deleteAt(copy, [...issue.path.map(String), k]);
        }
      } else {
        errors.push({ path: file, key, message: `${file}: "${key || '(top level)'}" ${describeIssue(issue)}` });
      }
    }
    if (errors.length > 0) return { kind: 'error', errors, warnings };
    result = settingsSchema.safeParse(copy);
    if (!result.success) {
      return { kind: 'error', errors: [{ path: file, message: `${file}: ${result.error.issues[0]?.message ?? 'invalid settings'}` }], warnings };
    }
  }
  return { kind: 'ok', value: result.data, warnings };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return `must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'record' || issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    case 'too_small':
    case 'too_big':
      return `is out of range: ${issue.message}`;
    default:
      return `is not valid: ${issue.message}`;
  }
}

function deleteAt(obj: Record<string, unknown>, keys: string[]): void {
  let cur: unknown = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur !== 'object' || cur === null) return;
    cur = (cur as Record<string, unknown>)[k];
  }
  if (typeof cur === 'object' && cur !== null) delete (cur as Record<string, unknown>)[keys[keys.length - 1]!];
}

function mergeInto(target: MergedSettings, file: SettingsFile, source: string, opts: LoadSettingsOptions): void {
  const p = file.permissions;
  if (p) {
    for (const behavior of ['allow', 'ask', 'deny'] as const) {
      for (const rule of p[behavior] ?? []) {
        if (!target.permissions[behavior].some((r) => r.rule === rule)) target.permissions[behavior].push({ rule, behavior, source });
      }
    }
    if (p.defaultMode) target.permissions.defaultMode = p.defaultMode as PermissionMode;
    for (const dir of p.additionalDirectories ?? []) {
      const abs = dir.startsWith('~/') || dir === '~' ? path.join(opts.homeDir, dir.slice(2)) : path.resolve(opts.projectRoot, dir);
      if (!target.permissions.additionalDirectories.includes(abs)) target.permissions.additionalDirectories.push(abs);
    }
  }
  if (file.model !== undefined) target.model = file.model;
  if (file.fallbackModel !== undefined) target.fallbackModel = file.fallbackModel;
  if (file.compactThreshold !== undefined) target.compactThreshold = file.compactThreshold;
  Object.assign(target.modelAliases, file.modelAliases ?? {});
  Object.assign(target.env, file.env ?? {});
  Object.assign(target.mcpServers, file.mcpServers ?? {});
  Object.assign(target.pricing, file.pricing ?? {});
  for (const [event, matchers] of Object.entries(file.hooks ?? {})) {
    const key = event as HookEventName;
    target.hooks[key] = [...(target.hooks[key] ?? []), ...(matchers ?? [])];
  }
}
