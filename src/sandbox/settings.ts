// The `sandbox` block of the settings files (Claude Code's keys), read into one typed value. The loader keeps the
// block loosely typed; this is where it is validated. A value that cannot be read is reported and left out, and
// leaving a value out never widens the boundary: an unreadable allow-list entry is dropped, an unreadable deny-list
// entry is reported (there is no path to deny), an unreadable `enabled` keeps the sandbox off, which means prompts.

export interface SandboxSettings {
  enabled: boolean;
  /** With the sandbox on, Bash commands that no deny or ask rule blocks run without a prompt. */
  autoAllowBashIfSandboxed: boolean;
  /** Commands (Bash rule patterns such as `docker:*`) that run outside the sandbox, through the normal prompt. */
  excludedCommands: string[];
  /** Whether the model may ask to run a command outside the sandbox (always with a prompt). */
  allowUnsandboxedCommands: boolean;
  /** Refuse to run Bash at all when the sandbox is on but cannot start. */
  failIfUnavailable: boolean;
  network: { allowedDomains: string[]; deniedDomains: string[]; allowLocalBinding: boolean };
  filesystem: { allowWrite: string[]; denyRead: string[]; denyWrite: string[] };
}

export const DEFAULT_SANDBOX_SETTINGS: SandboxSettings = {
  enabled: false,
  autoAllowBashIfSandboxed: true,
  excludedCommands: [],
  allowUnsandboxedCommands: true,
  failIfUnavailable: false,
  network: { allowedDomains: [], deniedDomains: [], allowLocalBinding: false },
  filesystem: { allowWrite: [], denyRead: [], denyWrite: [] },
};

export interface ParsedSandboxSettings {
  settings: SandboxSettings;
  warnings: string[];
}

const TOP_KEYS = new Set(['enabled', 'autoAllowBashIfSandboxed', 'excludedCommands', 'allowUnsandboxedCommands', 'failIfUnavailable', 'network', 'filesystem', 'ignoreViolations', 'enableWeakerNestedSandbox']);
const NETWORK_KEYS = new Set(['allowedDomains', 'deniedDomains', 'allowLocalBinding', 'allowUnixSockets', 'allowAllUnixSockets', 'httpProxyPort', 'socksProxyPort']);
const FILESYSTEM_KEYS = new Set(['allowWrite', 'denyRead', 'denyWrite', 'allowRead']);
/** A host name or `*.` wildcard: no scheme, path, port range or spaces (those would never match, or match too much). */
const DOMAIN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges the blocks of several files, lowest precedence first: objects merge key by key, lists are joined (a
 * project cannot remove a user's denied domain or deny-read path), and a later scalar wins.
 */
export function mergeSandboxBlocks(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isObject(base) && isObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeSandboxBlocks(base[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over.filter((v) => !base.includes(v))];
  return over;
}

export function parseSandboxSettings(raw: unknown): ParsedSandboxSettings {
  const warnings: string[] = [];
  const s: SandboxSettings = structuredClone(DEFAULT_SANDBOX_SETTINGS);
  if (raw === undefined || raw === null) return { settings: s, warnings };
  if (!isObject(raw)) {
    warnings.push('sandbox: must be an object ({ "enabled": true, ... }); the sandbox stays off');
    return { settings: s, warnings };
  }
  /** `unset` when the key is absent, `unreadable` (the safer value) when it holds something else. */
  const bool = (where: string, v: unknown, unset: boolean, unreadable = unset): boolean => {
    if (v === undefined) return unset;
    if (typeof v === 'boolean') return v;
    warnings.push(`sandbox.${where}: must be true or false (got ${JSON.stringify(v)}); using ${unreadable}`);
    return unreadable;
  };
  const strings = (where: string, v: unknown, check?: (s: string) => string | undefined): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      warnings.push(`sandbox.${where}: must be a list of strings; it is ignored`);
      return [];
    }
    const out: string[] = [];
    for (const item of v) {
      const problem = typeof item !== 'string' || item.trim() === '' ? 'is not a non-empty string' : check?.(item);
      if (problem) warnings.push(`sandbox.${where}: ${JSON.stringify(item)} ${problem}; it is ignored`);
      else out.push((item as string).trim());
    }
    return out;
  };
  const domain = (d: string) => (DOMAIN.test(d.trim()) ? undefined : 'is not a host name (write example.com or *.example.com)');
  for (const key of Object.keys(raw)) if (!TOP_KEYS.has(key)) warnings.push(`sandbox.${key}: unknown key; it is ignored`);

  // `enabled` off stays off: an unreadable value means prompts, never fewer of them.
  s.enabled = bool('enabled', raw.enabled, false);
  // Unreadable: keep prompting.
  s.autoAllowBashIfSandboxed = bool('autoAllowBashIfSandboxed', raw.autoAllowBashIfSandboxed, true, false);
  s.excludedCommands = strings('excludedCommands', raw.excludedCommands);
  // Unreadable: no retries outside the sandbox.
  s.allowUnsandboxedCommands = bool('allowUnsandboxedCommands', raw.allowUnsandboxedCommands, true, false);
  // Unreadable: refuse (the stricter reading).
  s.failIfUnavailable = bool('failIfUnavailable', raw.failIfUnavailable, false, true);

  if (raw.network !== undefined) {
    if (!isObject(raw.network)) warnings.push('sandbox.network: must be an object; it is ignored (no domain is allowed)');
    else {
      for (const key of Object.keys(raw.network)) if (!NETWORK_KEYS.has(key)) warnings.push(`sandbox.network.${key}: unknown key; it is ignored`);
      s.network.allowedDomains = strings('network.allowedDomains', raw.network.allowedDomains, domain).map((d) => d.toLowerCase());
      s.network.deniedDomains = strings('network.deniedDomains', raw.network.deniedDomains, domain).map((d) => d.toLowerCase());
      s.network.allowLocalBinding = bool('network.allowLocalBinding', raw.network.allowLocalBinding, false);
      for (const key of ['allowUnixSockets', 'allowAllUnixSockets', 'httpProxyPort', 'socksProxyPort']) {
        if (raw.network[key] !== undefined) warnings.push(`sandbox.network.${key}: not supported by tandem; it is ignored`);
      }
    }
  }
  if (raw.filesystem !== undefined) {
    if (!isObject(raw.filesystem)) warnings.push('sandbox.filesystem: must be an object; it is ignored');
    else {
      for (const key of Object.keys(raw.filesystem)) if (!FILESYSTEM_KEYS.has(key)) warnings.push(`sandbox.filesystem.${key}: unknown key; it is ignored`);
      s.filesystem.allowWrite = strings('filesystem.allowWrite', raw.filesystem.allowWrite);
      s.filesystem.denyRead = strings('filesystem.denyRead', raw.filesystem.denyRead);
      s.filesystem.denyWrite = strings('filesystem.denyWrite', raw.filesystem.denyWrite);
      if (raw.filesystem.allowRead !== undefined) warnings.push('sandbox.filesystem.allowRead: not supported by tandem (reads are denied only by denyRead); it is ignored');
    }
  }
  for (const key of ['ignoreViolations', 'enableWeakerNestedSandbox']) {
    if (raw[key] !== undefined) warnings.push(`sandbox.${key}: not supported by tandem; it is ignored`);
  }
  return { settings: s, warnings };
}
