// Reads one settings file value by value. A value tandem cannot use is reported (file, line, key) and left out;
// everything else in the file is kept, above all its permission rules. Nothing here can make a file allow more
// than it says: an unknown permission mode reads as `default`, a deny rule in an odd shape is kept as a deny.
import fs from 'node:fs';
import type { PermissionMode } from '../permissions/types';
import { readRegularTextSync } from '../tools/regular-file';
import { jsonPathKey, locateJsonValues, parseJsonWithPosition, type JsonPath } from './json-position';
import { UNSUPPORTED_HOOK_TYPES, UNUSED_CLAUDE_KEYS, UNUSED_CLAUDE_PERMISSION_KEYS } from './known-keys';
import { HOOK_EVENTS, type HookCommandConfig, type HookEventName, type HookMatcherConfig, type HooksConfig } from './schema';

/** A rule as written in a file, with the line it is on. */
export interface RuleText {
  rule: string;
  line?: number;
}

/** What one file says, in the shapes tandem uses. */
export interface SettingsFileData {
  permissions: {
    allow: RuleText[];
    ask: RuleText[];
    deny: RuleText[];
    defaultMode?: { mode: PermissionMode; line?: number };
    additionalDirectories: string[];
    disableBypassPermissionsMode?: boolean;
  };
  model?: string;
  fallbackModel?: string;
  modelAliases: Record<string, string>;
  env: Record<string, string>;
  hooks: HooksConfig;
  /** Line of each kept hook command, by event and matcher/hook index (for doctor). */
  hookLines: Array<{ event: HookEventName; matcher?: string; command: string; line?: number }>;
  mcpServers: Record<string, unknown>;
  pricing: Record<string, unknown>;
  compactThreshold?: number;
  enabledPlugins?: Record<string, unknown>;
  sandbox?: unknown;
  enableAllProjectMcpServers?: boolean;
  enabledMcpjsonServers?: string[];
  disabledMcpjsonServers?: string[];
  disableAllHooks?: boolean;
  allowManagedPermissionRulesOnly?: boolean;
}

export interface SettingsProblem {
  path: string;
  line?: number;
  column?: number;
  /** Dotted key of the value (`permissions.defaultMode`); absent for a problem with the whole file. */
  key?: string;
  message: string;
}

export type FileResult =
  | { kind: 'missing' }
  /** The file could not be read or is not JSON: nothing in it can be used. */
  | { kind: 'error'; error: SettingsProblem }
  | { kind: 'ok'; data: SettingsFileData; problems: SettingsProblem[] };

export function emptyFileData(): SettingsFileData {
  return {
    permissions: { allow: [], ask: [], deny: [], additionalDirectories: [] },
    modelAliases: {},
    env: {},
    hooks: {},
    hookLines: [],
    mcpServers: {},
    pricing: {},
  };
}

export function readSettingsFile(file: string): FileResult {
  let text: string;
  try {
    // A repository's settings file could be a FIFO: a plain read would hang every start in that folder.
    text = readRegularTextSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'error', error: { path: file, message: `${file}: cannot read the file: ${(e as Error).message}` } };
  }
  // Some Windows editors save UTF-8 with a byte order mark: the rest is fine JSON, so it is read (and mentioned).
  const bom = text.startsWith('\ufeff');
  if (bom) text = text.slice(1);
  if (text.trim() === '') return { kind: 'ok', data: emptyFileData(), problems: [] };
  const parsed = parseJsonWithPosition(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    return { kind: 'error', error: { path: file, line, column, message: `${file}:${line}:${column}: invalid JSON: ${message}. Fix the file or move it away.` } };
  }
  const result = interpretSettings(parsed.value, file, locateJsonValues(text));
  if (bom && result.kind === 'ok') result.problems.unshift({ path: file, message: `${file}: starts with a byte order mark (BOM); read anyway (save it as UTF-8 without BOM to silence this)` });
  return result;
}

/** `lines`: from locateJsonValues, to say where each value is (optional: tests pass values without text). */
export function interpretSettings(value: unknown, file: string, lines: Map<string, number> = new Map()): FileResult {
  if (!isObject(value)) {
    return { kind: 'error', error: { path: file, message: `${file}: the settings must be a JSON object ({ ... })` } };
  }
  const reader = new FileReader(file, lines);
  return { kind: 'ok', data: reader.read(value), problems: reader.problems };
}

class FileReader {
  readonly problems: SettingsProblem[] = [];
  private readonly unused: string[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: Map<string, number>,
  ) {}

  read(value: Record<string, unknown>): SettingsFileData {
    const data = emptyFileData();
    for (const [key, v] of Object.entries(value)) {
      switch (key) {
        case '$schema':
          break;
        case 'permissions':
          this.readPermissions(v, data);
          break;
        case 'model':
        case 'fallbackModel': {
          const s = this.string([key], v);
          if (s !== undefined) data[key] = s;
          break;
        }
        case 'modelAliases':
          data.modelAliases = this.stringRecord([key], v);
          break;
        case 'env':
          data.env = this.stringRecord([key], v);
          break;
        case 'hooks':
          this.readHooks(v, data);
          break;
        case 'mcpServers':
        case 'pricing':
        case 'enabledPlugins':
          if (isObject(v)) data[key] = this.ownEntries([key], v);
          else this.problem([key], 'must be an object ({ ... }); it is ignored');
          break;
        case 'allowManagedPermissionRulesOnly': {
          // Honoured only in a managed file (load.ts decides); elsewhere it is Claude Code's and has no effect.
          const b = this.boolean([key], v);
          if (b !== undefined) data.allowManagedPermissionRulesOnly = b;
          break;
        }
        case 'sandbox':
          // Kept as written: the sandbox validates it (src/sandbox/settings.ts).
          data[key] = v;
          break;
        case 'compactThreshold': {
          const n = this.number([key], v);
          if (n !== undefined && (n <= 0 || n > 1)) this.problem([key], `is out of range: write a fraction above 0 and at most 1 (got ${n}); it is ignored`);
          else if (n !== undefined) data.compactThreshold = n;
          break;
        }
        case 'enableAllProjectMcpServers':
        case 'disableAllHooks': {
          const b = this.boolean([key], v);
          if (b !== undefined) data[key] = b;
          break;
        }
        case 'enabledMcpjsonServers':
        case 'disabledMcpjsonServers':
          data[key] = this.stringList([key], v).map((r) => r.rule);
          break;
        default:
          if (UNUSED_CLAUDE_KEYS.has(key)) this.unused.push(key);
          else this.problem([key], 'is not a setting tandem or Claude Code knows; it is ignored (check the spelling)');
      }
    }
    if (this.unused.length > 0) {
      this.problems.push({
        path: this.file,
        key: this.unused.join(', '),
        message: `${this.file}: tandem does not use ${this.unused.map((k) => `"${k}"`).join(', ')} (Claude Code settings); ignored`,
      });
    }
    return data;
  }

  private readPermissions(v: unknown, data: SettingsFileData): void {
    if (!isObject(v)) {
      this.problem(['permissions'], 'must be an object like {"allow": [...], "deny": [...]}; it is ignored');
      return;
    }
    const p = data.permissions;
    for (const [key, value] of Object.entries(v)) {
      const at = ['permissions', key];
      switch (key) {
        case 'allow':
        case 'ask':
        case 'deny':
          p[key] = this.stringList(at, value);
          break;
        case 'defaultMode':
          p.defaultMode = { mode: this.mode(at, value), line: this.lineOf(at) };
          break;
        case 'additionalDirectories':
          p.additionalDirectories = this.stringList(at, value).map((r) => r.rule);
          break;
        case 'disableBypassPermissionsMode':
          if (value === 'disable') p.disableBypassPermissionsMode = true;
          else if (value === false || value === null) this.problem(at, 'only takes "disable"; false is the same as leaving it out');
          // Any other value is read as "disable": a setting meant to restrict must not vanish for a typo.
          else {
            p.disableBypassPermissionsMode = true;
            this.problem(at, `must be "disable" (got ${JSON.stringify(value)}); read as "disable", so bypassPermissions mode is refused`);
          }
          break;
        default:
          if (!UNUSED_CLAUDE_PERMISSION_KEYS.has(key)) this.problem(at, 'is not a permissions setting; it is ignored (known: allow, ask, deny, defaultMode, additionalDirectories, disableBypassPermissionsMode)');
      }
    }
  }

  /** An unknown mode never widens: it reads as `default`. */
  private mode(at: JsonPath, value: unknown): PermissionMode {
    switch (value) {
      case 'default':
      case 'acceptEdits':
      case 'plan':
      case 'bypassPermissions':
      case 'dontAsk':
        return value;
      case 'auto':
        this.problem(at, 'is "auto", a Claude Code mode tandem does not have; tandem uses "default" (asks before edits and commands)');
        return 'default';
      default:
        this.problem(at, `must be one of "default", "acceptEdits", "plan", "dontAsk", "bypassPermissions" (got ${JSON.stringify(value)}); tandem uses "default"`);
        return 'default';
    }
  }

  private readHooks(v: unknown, data: SettingsFileData): void {
    if (!isObject(v)) {
      this.problem(['hooks'], 'must be an object keyed by event name; it is ignored');
      return;
    }
    for (const [event, groups] of Object.entries(v)) {
      if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
        this.problem(['hooks', event], `is not a hook event tandem runs; it is ignored (known: ${HOOK_EVENTS.join(', ')})`);
        continue;
      }
      const name = event as HookEventName;
      if (!Array.isArray(groups)) {
        this.problem(['hooks', event], 'must be a list of {"matcher": ..., "hooks": [...]}; it is ignored');
        continue;
      }
      const kept: HookMatcherConfig[] = [];
      groups.forEach((group, gi) => {
        const at = ['hooks', event, gi];
        if (!isObject(group)) return this.problem(at, 'must be an object {"matcher": ..., "hooks": [...]}; it is ignored');
        const matcher = group.matcher === undefined ? undefined : this.string([...at, 'matcher'], group.matcher);
        if (group.matcher !== undefined && matcher === undefined) return; // reported; a hook with an unreadable matcher is not run anywhere
        if (!Array.isArray(group.hooks)) return this.problem([...at, 'hooks'], 'must be a list of hooks; this group is ignored');
        const hooks: HookCommandConfig[] = [];
        group.hooks.forEach((hook, hi) => {
          const command = this.hookCommand([...at, 'hooks', hi], hook);
          if (command) {
            hooks.push(command);
            data.hookLines.push({ event: name, matcher, command: command.command, line: this.lineOf([...at, 'hooks', hi]) });
          }
        });
        if (hooks.length > 0) kept.push({ ...group, ...(matcher !== undefined ? { matcher } : {}), hooks } as HookMatcherConfig);
      });
      if (kept.length > 0) data.hooks[name] = kept;
    }
  }

  private hookCommand(at: JsonPath, hook: unknown): HookCommandConfig | undefined {
    if (!isObject(hook)) {
      this.problem(at, 'must be an object {"type": "command", "command": ...}; this hook is skipped');
      return undefined;
    }
    const type = hook.type;
    if (typeof type === 'string' && UNSUPPORTED_HOOK_TYPES.has(type)) {
      this.problem([...at, 'type'], `is "${type}": tandem runs only "command" hooks; this hook is skipped, the others are kept`);
      return undefined;
    }
    if (type !== 'command') {
      this.problem([...at, 'type'], `must be "command" (got ${JSON.stringify(type)}); this hook is skipped`);
      return undefined;
    }
    const command = this.string([...at, 'command'], hook.command);
    if (command === undefined || command.trim() === '') {
      if (command !== undefined) this.problem([...at, 'command'], 'is empty; this hook is skipped');
      return undefined;
    }
    const out: HookCommandConfig = { ...hook, type: 'command', command };
    if (hook.timeout !== undefined) {
      const timeout = this.number([...at, 'timeout'], hook.timeout);
      if (timeout !== undefined && timeout > 0) out.timeout = timeout;
      else {
        delete out.timeout;
        if (timeout !== undefined) this.problem([...at, 'timeout'], `must be a number of seconds above 0 (got ${timeout}); the default is used`);
      }
    }
    return out;
  }

  // Coercions. Claude Code reads `"env": {"N": 1}` as "1" and `"timeout": "30"` as 30; so does tandem.

  private string(at: JsonPath, v: unknown): string | undefined {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.problem(at, `must be a string (got ${describeValue(v)}); it is ignored`);
    return undefined;
  }

  private number(at: JsonPath, v: unknown): number | undefined {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    this.problem(at, `must be a number (got ${describeValue(v)}); it is ignored`);
    return undefined;
  }

  private boolean(at: JsonPath, v: unknown): boolean | undefined {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.problem(at, `must be true or false (got ${describeValue(v)}); it is ignored`);
    return undefined;
  }

  private stringRecord(at: JsonPath, v: unknown): Record<string, string> {
    if (!isObject(v)) {
      this.problem(at, 'must be an object of names to strings; it is ignored');
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(this.ownEntries(at, v))) {
      const s = this.string([...at, k], value);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }

  /**
   * The object's entries without `__proto__`: JSON.parse makes it an own key, and copying it with `obj[k] = v` or
   * Object.assign would replace the prototype of the merged object instead of adding an entry.
   */
  private ownEntries(at: JsonPath, v: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(v)) {
      if (k === '__proto__') this.problem([...at, k], 'is not a usable name; it is ignored');
      else out[k] = value;
    }
    return out;
  }

  /** A list of strings; a lone string is read as a one-item list (a deny rule must not vanish for missing brackets). */
  private stringList(at: JsonPath, v: unknown): RuleText[] {
    if (typeof v === 'string') {
      this.problem(at, `must be a list (["${v}"]); read as a list of one`);
      return [{ rule: v, line: this.lineOf(at) }];
    }
    if (!Array.isArray(v)) {
      this.problem(at, `must be a list of strings (got ${describeValue(v)}); it is ignored`);
      return [];
    }
    const out: RuleText[] = [];
    v.forEach((item, i) => {
      if (typeof item === 'string') out.push({ rule: item, line: this.lineOf([...at, i]) });
      else this.problem([...at, i], `must be a string (got ${describeValue(item)}); it is ignored`);
    });
    return out;
  }

  private lineOf(at: JsonPath): number | undefined {
    return this.lines.get(jsonPathKey(at));
  }

  private problem(at: JsonPath, what: string): void {
    const key = at.map(String).join('.');
    const line = this.lineOf(at);
    const where = line === undefined ? this.file : `${this.file}:${line}`;
    const message = `${where}: "${key}" ${what}`;
    this.problems.push({ path: this.file, ...(line !== undefined ? { line } : {}), key, message });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
