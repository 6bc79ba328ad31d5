// The rules engine the session asks. Order: deny rules, plan mode (read-only Bash lines pass it), ask rules, Bash
// paths a Read/Edit rule may cover (bash-effects.ts), bypass mode, read-only Bash lines (read-only-commands.ts),
// allow rules, then the mode's default. Every decision carries a sentence naming the rule (and where it came from)
// or the mode.
import os from 'node:os';
import path from 'node:path';
import type { PermissionMode, PermissionPolicy, PermissionQuery, RuleDecision } from './types';
import { parseRule, intendedToolOf, ruleCoversTool, toolKindOf, domainMatches, hostOf, EDIT_FAMILY, READ_FAMILY, type ParsedRule } from './rule';
import { parseBashPattern, simpleCommandMatches, wholeLineMatches, denyCandidates, suggestBashRule } from './bash-command';
import { checkBashAllow, isSimpleFsLine } from './bash-allow';
import { analyseBash, describeUncertain, effectMatch, type BashEffects, type PathEffect } from './bash-effects';
import { readOnlyVerdict, type ReadOnlyVerdict } from './read-only-commands';
import { riskyEnvironment } from './risky-env';
import { parsePathPattern, pathMatches, insideWorkspace, type ResolvedPath } from './path-rule';
import { gatherFacts, rulePathFor, type QueryFacts } from './query-facts';
import { dontAskDecision, modeDecision, planModeDecision } from './modes';
import { createReadGuard, type ReadGuard } from './read-guard';

export type RuleBehavior = 'allow' | 'ask' | 'deny';

export interface RuleEntry {
  rule: string;
  behavior: RuleBehavior;
  /** The settings file path, 'session' or 'cli'. */
  source: string;
  /** The line of the rule in its settings file, when known. */
  line?: number;
}

export interface RulePolicyOptions {
  /** Rules from the merged settings files, each with its file path as source. */
  rules?: RuleEntry[];
  additionalDirectories?: string[];
  /** `--allowedTools` / `--disallowedTools`, one rule per entry. */
  allowedTools?: string[];
  disallowedTools?: string[];
  homeDir?: string;
  /** `disableBypassPermissionsMode`: bypassPermissions then decides as default mode. */
  bypassDisabled?: boolean;
  /**
   * The environment commands run with, read at each decision (default process.env, which bootstrap extends with
   * settings `env`): some variables make read-only commands run programs (risky-env.ts).
   */
  env?: Readonly<Record<string, string | undefined>>;
}

interface CompiledRule extends RuleEntry {
  parsed: ParsedRule;
  /** A deny or ask rule that could not be parsed, standing in as "ask for every call of its tool". */
  unreadable?: boolean;
}

/** A deny or ask rule that matched, and the file a Bash line touches that made it match (when one did). */
interface BlockingMatch {
  entry: CompiledRule;
  file?: { written: string; access: 'reads' | 'writes' };
}

export class RulePolicy implements PermissionPolicy {
  private rules: CompiledRule[] = [];
  private readonly additionalDirectories: string[];
  private readonly homeDir: string;
  private readonly bypassDisabled: boolean;
  private readonly env: Readonly<Record<string, string | undefined>>;
  /** Rules that could not be parsed (they are left out, never widened). */
  readonly warnings: string[] = [];

  constructor(opts: RulePolicyOptions = {}) {
    this.homeDir = opts.homeDir ?? os.homedir();
    this.bypassDisabled = opts.bypassDisabled ?? false;
    this.env = opts.env ?? process.env;
    this.additionalDirectories = (opts.additionalDirectories ?? []).map((d) => path.resolve(d.startsWith('~/') ? path.join(this.homeDir, d.slice(2)) : d));
    for (const r of opts.rules ?? []) this.add(r);
    for (const rule of opts.allowedTools ?? []) this.add({ rule, behavior: 'allow', source: 'cli' });
    for (const rule of opts.disallowedTools ?? []) this.add({ rule, behavior: 'deny', source: 'cli' });
  }

  private add(entry: RuleEntry): boolean {
    try {
      this.rules.push({ ...entry, rule: entry.rule.trim(), parsed: parseRule(entry.rule) });
      return true;
    } catch (e) {
      this.warnings.push(`${entry.source}: ignored ${entry.behavior} rule: ${(e as Error).message}`);
      // A deny or ask rule that cannot be read still protects: it asks for every call of the tool it names (and of
      // Bash for a Read or Edit rule, since a command can read or write the same files).
      const tool = entry.behavior === 'allow' ? undefined : intendedToolOf(entry.rule);
      for (const t of tool === 'Read' || tool === 'Edit' ? [tool, 'Bash'] : tool ? [tool] : []) {
        this.rules.push({ ...entry, rule: entry.rule.trim(), behavior: 'ask', parsed: { raw: entry.rule.trim(), tool: t }, unreadable: true });
      }
      return false;
    }
  }

  /** Throws RuleSyntaxError when the rule cannot be parsed. */
  addSessionRule(rule: string, behavior: 'allow' | 'deny' | 'ask'): void {
    const parsed = parseRule(rule);
    if (this.rules.some((r) => r.source === 'session' && r.rule === parsed.raw && r.behavior === behavior)) return;
    this.rules.push({ rule: parsed.raw, behavior, source: 'session', parsed });
  }

  /**
   * Allow rules for the length of one turn (a custom command's `allowed-tools`): added after every other rule, so a
   * deny or ask rule still wins. Returns the function that takes them away again. Throws on a rule it cannot parse.
   */
  addTurnRules(rules: string[], source: string): () => void {
    const added: CompiledRule[] = rules.map((rule) => {
      const parsed = parseRule(rule);
      return { rule: parsed.raw, behavior: 'allow', source, parsed };
    });
    this.rules.push(...added);
    return () => {
      this.rules = this.rules.filter((r) => !added.includes(r));
    };
  }

  removeSessionRule(rule: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => !(r.source === 'session' && r.rule === rule.trim()));
    return this.rules.length < before;
  }

  listRules(): RuleEntry[] {
    // An unreadable rule may stand in for two tools: it is listed once.
    const listed = this.rules.filter((r, i) => !r.unreadable || this.rules.findIndex((o) => o.unreadable && o.rule === r.rule && o.source === r.source) === i);
    return listed.map(({ rule, behavior, source, line }) => ({ rule, behavior, source, ...(line !== undefined ? { line } : {}) }));
  }

  /** Read deny/ask rules for tools that read many files in one call (Grep); reads the rules live. */
  readGuard(projectRoot: string): ReadGuard {
    return createReadGuard(
      () =>
        this.rules.flatMap((r) =>
          (r.behavior === 'deny' || r.behavior === 'ask') && r.parsed.specifier !== undefined && (r.parsed.tool === 'Read' || r.parsed.tool === 'Grep')
            ? [{ rule: r.rule, behavior: r.behavior, pattern: parsePathPattern(r.parsed.specifier, projectRoot, this.homeDir) }]
            : [],
        ),
      this.homeDir,
    );
  }

  workspaceRoots(projectRoot: string): string[] {
    return [projectRoot, ...this.additionalDirectories];
  }

  decide(query: PermissionQuery): RuleDecision {
    // A refused bypassPermissions (settings) decides as default; dontAsk turns every ask into a denial.
    const q = this.bypassDisabled && query.mode === 'bypassPermissions' ? { ...query, mode: 'default' as const } : query;
    const decision = this.decideByRules(q);
    return q.mode === 'dontAsk' ? dontAskDecision(decision) : decision;
  }

  private decideByRules(q: PermissionQuery): RuleDecision {
    const facts = gatherFacts(q, this.homeDir);
    const kind = toolKindOf(q.toolName, q.toolKind);
    const roots = this.workspaceRoots(q.projectRoot);
    const mode: PermissionMode = q.mode;

    const bashFiles = lazy((): BashEffects => facts.command === undefined ? { reads: [], writes: [] } : analyseBash(facts.command, facts.cwd, this.homeDir));
    const readOnlyCheck = lazy((): ReadOnlyVerdict => {
      if (facts.tool !== 'Bash' || facts.command === undefined) return { readOnly: false, why: 'not a Bash command' };
      const risky = riskyEnvironment(this.env);
      if (risky.length > 0) return { readOnly: false, why: `the environment sets ${risky.join(', ')}` };
      return readOnlyVerdict(facts.command, facts.cwd, roots, this.homeDir, bashFiles());
    });
    const readOnly = (): boolean => readOnlyCheck().readOnly;
    const denied = this.firstBlocking('deny', q, facts, bashFiles);
    if (denied) {
      const { rule, source, line } = denied.entry;
      return { behavior: 'deny', reason: `denied by rule ${rule} (${sourceLabel(source, line)})${fileClause(denied)}`, rule };
    }

    // Plan mode is read-only: a read-only command fits it.
    if (mode === 'plan' && !readOnly()) {
      const plan = planModeDecision(facts.tool, kind);
      if (plan) return plan;
    }

    const asked = this.firstBlocking('ask', q, facts, bashFiles);
    if (asked) {
      const { rule, source, line, unreadable } = asked.entry;
      if (unreadable) return { behavior: 'ask', reason: `the rule ${rule} (${sourceLabel(source, line)}) cannot be read, so every ${asked.entry.parsed.tool} call asks until it is fixed`, rule };
      return { behavior: 'ask', reason: `rule ${rule} (${sourceLabel(source, line)}) says to ask${fileClause(asked)}`, rule };
    }

    // A path nobody can place (unknown ~user, ~-, a symlink loop) cannot be checked against rules: always ask.
    const unplaced = facts.paths.find((p) => p.unresolvable !== undefined);
    if (unplaced) return { behavior: 'ask', reason: `${facts.tool} names a path whose real place cannot be known (${unplaced.unresolvable})` };

    const allowRules = this.rules.filter((r) => r.behavior === 'allow');
    // A Bash path only known when it runs, or a whole folder, that a Read/Edit deny or ask rule may cover asks, in
    // every mode; only an allow rule written for exactly this line lifts it (the user saw the line and said yes).
    if (facts.tool === 'Bash' && facts.command !== undefined) {
      const unsure = this.firstUncertain(q, bashFiles());
      if (unsure && !this.exactLineAllowed(allowRules, facts.command)) {
        const { entry, effect, access } = unsure;
        return this.markUncertain({
          behavior: 'ask',
          reason: `${describeUncertain(effect, access)}, and the ${entry.behavior} rule ${entry.rule} (${sourceLabel(entry.source)}) ` +
            `could cover what it ${access === 'reads' ? 'reads' : 'writes'}; name the files literally so they can be checked`,
          rule: entry.rule,
        });
      }
    }

    // The OS sandbox bounds what the command can do (src/sandbox/); deny and ask rules above still come first.
    if (facts.tool === 'Bash' && q.sandboxAutoAllow === true) return { behavior: 'allow', reason: 'runs in the sandbox (sandbox.autoAllowBashIfSandboxed)' };

    if (mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode: no rule denies it' };

    if (readOnly()) return { behavior: 'allow', reason: 'the command only reads inside the project' };

    const inside = facts.paths.every((p) => insideWorkspace(p, roots));

    if (facts.tool === 'Bash' && facts.command !== undefined) {
      const bashRules = allowRules.filter((r) => ruleCoversTool(r.parsed, 'Bash'));
      const verdict = checkBashAllow(facts.command, facts.cwd, bashRules.map((r) => ({ rule: r.rule, pattern: parseBashPattern(r.parsed.specifier) })), roots, this.homeDir);
      if (verdict.allowed) return { behavior: 'allow', reason: `allowed by rule ${verdict.rules.join(', ')} (${sourceLabel(bashRules.find((r) => r.rule === verdict.rules[0])?.source ?? '')})`, rule: verdict.rules[0] };
      if (mode === 'acceptEdits' && isSimpleFsLine(facts.command, facts.cwd, roots, this.homeDir)) {
        // The same variables that end the read-only fast path make `touch x` run a program (BASH_ENV...).
        const risky = riskyEnvironment(this.env);
        if (risky.length > 0) return { behavior: 'ask', reason: `acceptEdits would run this, but the environment sets ${risky.join(', ')}` };
        return modeDecision({ toolName: facts.tool, kind, mode, inside: true, simpleFsCommand: true });
      }
      if (verdict.reason) return { behavior: 'ask', reason: verdict.reason };
      const byMode = modeDecision({ toolName: facts.tool, kind, mode, inside: true, simpleFsCommand: false });
      // Say why the line is not one that runs without asking (`git log --output=x is not read-only`).
      const ro = readOnlyCheck();
      return byMode.behavior === 'ask' && !ro.readOnly ? { ...byMode, reason: `${byMode.reason} (not read-only: ${ro.why})` } : byMode;
    }

    const allowed = allowRules.find((r) => this.allowMatches(r, q, facts, inside));
    if (allowed) return { behavior: 'allow', reason: `allowed by rule ${allowed.rule} (${sourceLabel(allowed.source)})`, rule: allowed.rule };

    return modeDecision({ toolName: facts.tool, kind, mode, inside, simpleFsCommand: false });
  }

  /** First deny (or ask) rule that matches any part of the call. */
  private firstBlocking(behavior: 'deny' | 'ask', q: PermissionQuery, facts: QueryFacts, bashFiles: () => BashEffects): BlockingMatch | undefined {
    for (const entry of this.rules) {
      if (entry.behavior !== behavior) continue;
      const match = this.blockMatches(entry.parsed, q, facts, bashFiles);
      if (match) return { entry, ...(typeof match === 'object' ? { file: match } : {}) };
    }
    return undefined;
  }

  /** False, true, or the file (as the Bash line wrote it) that a Read or Edit rule guards. */
  private blockMatches(rule: ParsedRule, q: PermissionQuery, facts: QueryFacts, bashFiles: () => BashEffects): boolean | NonNullable<BlockingMatch['file']> {
    // Edit/Read path rules also guard the files a Bash line writes and reads: see bash-effects.ts.
    if (facts.tool === 'Bash' && facts.command !== undefined && rule.specifier !== undefined && (rule.tool === 'Edit' || rule.tool === 'Read')) {
      const pattern = parsePathPattern(rule.specifier, q.projectRoot, this.homeDir);
      const access = rule.tool === 'Read' ? 'reads' : 'writes';
      const hit = bashFiles()[access].find((e) => effectMatch(pattern, e) === 'match');
      if (hit) return { written: hit.written, access };
    }
    if (facts.mcpPaths && facts.mcpPaths.length > 0 && this.mcpPathsMatch(rule, q, facts.mcpPaths, facts.mcpWrites === true)) return true;
    if (!ruleCoversTool(rule, facts.tool)) return false;
    if (rule.specifier === undefined) return true;
    return this.specifierMatches(rule, q, facts, 'any');
  }

  /** Read rules guard every path argument of an MCP tool; Edit rules too when the tool is not read-only. */
  private mcpPathsMatch(rule: ParsedRule, q: PermissionQuery, paths: ResolvedPath[], writes: boolean): boolean {
    if (rule.tool !== 'Read' && !(rule.tool === 'Edit' && writes)) return false;
    if (rule.specifier === undefined) return true;
    const pattern = parsePathPattern(rule.specifier, q.projectRoot, this.homeDir);
    return paths.some((p) => pathMatches(pattern, p, 'any'));
  }

  /** The first Read/Edit deny (then ask) rule that may cover a Bash path the line only knows when it runs. */
  private firstUncertain(q: PermissionQuery, effects: BashEffects): { entry: CompiledRule; effect: PathEffect; access: 'reads' | 'writes' } | undefined {
    for (const behavior of ['deny', 'ask'] as const) {
      for (const entry of this.rules) {
        const r = entry.parsed;
        if (entry.behavior !== behavior || r.specifier === undefined || (r.tool !== 'Read' && r.tool !== 'Edit')) continue;
        const pattern = parsePathPattern(r.specifier, q.projectRoot, this.homeDir);
        const access = r.tool === 'Read' ? 'reads' : 'writes';
        const effect = effects[access].find((e) => effectMatch(pattern, e) === 'maybe');
        if (effect) return { entry, effect, access };
      }
    }
    return undefined;
  }

  /** Decisions that asked because a path rule may cover a Bash path (for the headless message). */
  private readonly uncertain = new WeakSet<RuleDecision>();

  private markUncertain(d: RuleDecision): RuleDecision {
    this.uncertain.add(d);
    return d;
  }

  private exactLineAllowed(allowRules: CompiledRule[], command: string): boolean {
    // Written as the line itself, even where the line holds a `*` that a rule would read as a wildcard.
    const line = command.trim().replace(/\s+/g, ' ');
    return allowRules.some((r) => r.parsed.tool === 'Bash' && r.parsed.specifier?.trim().replace(/\s+/g, ' ') === line);
  }

  private allowMatches(rule: CompiledRule, q: PermissionQuery, facts: QueryFacts, inside: boolean): boolean {
    if (!ruleCoversTool(rule.parsed, facts.tool)) return false;
    const fileTool = EDIT_FAMILY.has(facts.tool) || READ_FAMILY.has(facts.tool);
    if (rule.parsed.specifier === undefined) {
      // A bare `Edit` or `Read` does not reach outside the workspace; only a rule naming the path does.
      return !(fileTool && !inside);
    }
    return this.specifierMatches(rule.parsed, q, facts, 'real');
  }

  private specifierMatches(rule: ParsedRule, q: PermissionQuery, facts: QueryFacts, which: 'any' | 'real'): boolean {
    const spec = rule.specifier!;
    if (facts.tool === 'Bash') {
      if (facts.command === undefined) return false;
      const pattern = parseBashPattern(spec);
      return wholeLineMatches(facts.command, pattern) || denyCandidates(facts.command).some((c) => simpleCommandMatches(c, pattern));
    }
    if (EDIT_FAMILY.has(facts.tool) || READ_FAMILY.has(facts.tool)) {
      if (facts.paths.length === 0) return false;
      const pattern = parsePathPattern(spec, q.projectRoot, this.homeDir);
      return which === 'any'
        ? facts.paths.some((p) => pathMatches(pattern, p, 'any'))
        : facts.paths.every((p) => pathMatches(pattern, p, 'real'));
    }
    if (facts.tool === 'WebFetch') return domainMatches(spec, facts.url);
    if (facts.tool === 'Task') return spec === q.input.subagent_type;
    return false;
  }

  suggestRule(q: PermissionQuery): { rule: string; label: string } {
    const facts = gatherFacts(q, this.homeDir);
    if (facts.tool === 'Bash' && facts.command !== undefined) {
      // When a path rule may cover what the line touches, only this exact line can be allowed (see decide()).
      if (this.firstUncertain(q, analyseBash(facts.command, facts.cwd, this.homeDir))) {
        return { rule: `Bash(${facts.command.trim().replace(/\s+/g, ' ')})`, label: 'this exact command' };
      }
      return suggestBashRule(facts.command);
    }
    const family = EDIT_FAMILY.has(facts.tool) ? 'Edit' : READ_FAMILY.has(facts.tool) ? 'Read' : null;
    const first: ResolvedPath | undefined = facts.paths[0];
    if (family && first && facts.paths.length === 1) {
      const p = rulePathFor(first, q.projectRoot);
      const shown = p.startsWith('//') ? p.slice(1) : p.replace(/^\//, '');
      return { rule: `${family}(${p})`, label: `this file: ${shown || '.'}` };
    }
    if (facts.tool === 'WebFetch') {
      const host = hostOf(facts.url);
      if (host) return { rule: `WebFetch(domain:${host})`, label: `the domain ${host}` };
    }
    return { rule: facts.tool, label: 'this tool' };
  }

  /** Headless runs cannot ask: the `ask` becomes a denial that says which flag would allow the call. */
  headlessDenialMessage(q: PermissionQuery, decision: RuleDecision): string {
    const kind = toolKindOf(q.toolName, q.toolKind);
    const { rule } = this.suggestRule(q);
    let how = `use --allowedTools "${rule}"`;
    if (q.mode === 'plan' && q.toolName === 'ExitPlanMode') how = 'run without --permission-mode plan';
    else if (this.uncertain.has(decision)) {
      // No mode lifts it; only an allow rule for this exact line does.
      how = `name the files literally, use --allowedTools "${rule}" for this exact line, or change the rule ${decision.rule ?? ''}`;
    }
    else if (kind === 'edit') how += ' or --permission-mode acceptEdits';
    else how += ' or --permission-mode bypassPermissions';
    return `Permission for ${q.toolName} was not granted: ${decision.reason}. Nobody can approve it in headless mode; ` +
      `to allow it, ${how}, or add an allow rule to .tandem/settings.json.`;
  }
}

/** `: the command reads .env` when a file a Bash line reads (or writes) made the rule match. */
function fileClause(match: BlockingMatch): string {
  return match.file === undefined ? '' : `: the command ${match.file.access} ${match.file.written}`;
}

function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

function sourceLabel(source: string, line?: number): string {
  if (source === 'session') return 'added this session';
  if (source === 'cli') return 'from the command line';
  return source ? `from ${source}${line !== undefined ? `:${line}` : ''}` : 'unknown source';
}
