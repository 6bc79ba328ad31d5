// Builds a ready Session from the command line, the settings files and the environment. Shared by headless
// and interactive mode; what differs (how problems are reported) is decided by the caller through `problems`.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { effectiveToolNames, loadAgentCatalog, resolveModel } from '../agents';
import { DEFAULT_MODEL_ALIAS } from '../agents/models';
import type { AgentCatalog } from '../agents/types';
import { CheckpointStore } from '../checkpoints';
import { Session } from '../engine/session';
import type { CheckpointsLike, TranscriptLike } from '../engine/services';
import { HookRunner } from '../hooks/runner';
import { McpManager } from '../mcp/manager';
import { prepareMcp } from '../mcp/setup';
import { readCommandLineMcpConfigs } from '../mcp/cli-config';
import { clientFromEnv } from '../model/anthropic-client';
import type { ModelClient, ModelRequest } from '../model/types';
import { ModelError } from '../model/types';
import { checkBypassAllowed } from '../permissions/modes';
import { RulePolicy } from '../permissions/policy';
import type { PermissionMode } from '../permissions/types';
import { withCacheBreakpoints } from '../session/cache-breakpoints';
import { CostTracker } from '../session/cost-tracker';
import { loadMemory } from '../session/memory';
import { FolderMemory, foldersLoadedAtStart } from '../session/folder-memory';
import { contextWindow } from '../session/pricing';
import { TranscriptWriter, projectTranscriptDir } from '../session/transcript-store';
import type { LoadedSettings } from '../settings/load';
import { loadSettings, mcpSettingsSources } from '../settings/load';
import { managedSettingsPaths } from '../settings/managed';
import { settingsFlagPath } from '../settings/flag-file';
import type { ModeChoice } from '../settings/permission-mode';
import type { RuleIssue } from '../settings/rule-check';
import { saveLocalRule } from '../settings/save';
import { FileReadTracker } from '../tools/file-state';
import { createToolRegistry } from '../tools/registry';
import { killAllShells } from '../tools/shell-session';
import { keepStoppedShells } from './stopped-shells';
import type { CliOptions } from './args';
import { compactSession } from './compact';
import { StartupError } from './bootstrap-errors';
import { findLocations, type Locations } from './project';
import { version } from './version';
import { loadResumeState, type ResumeState } from './resume';
import { applyFolderTrust, isFolderTrusted, untrustedNotice, UNTRUSTED_SAVED_ALLOW_NOTE, type FolderTrust } from '../trust/gate';
import { replaySessionRules } from '../permissions/session-rules';
import { checkPermissionsAtStart } from './permission-startup';
import { createSessionSandbox } from '../sandbox/setup';
import { attachSandbox, type NetworkAnswer } from '../sandbox/controller';
import { describeProblem, loadSkills, type Skill } from '../skills/load';
import { createSkillTool } from '../skills/skill-tool';

export interface Bootstrapped {
  session: Session;
  /** The model client the session sends through. */
  client: ModelClient;
  locations: Locations;
  settings: LoadedSettings;
  catalog: AgentCatalog;
  /** Messages for the user: settings problems, agent load errors, missing key... */
  notices: Array<{ level: 'info' | 'warning' | 'error'; message: string }>;
  apiKeySource: string;
  policy: RulePolicy;
  /** The mode the session started in and where it came from (for /doctor). */
  modeChoice: ModeChoice;
  /** Rules from files and flags that could not be read or name no known tool. */
  ruleIssues: RuleIssue[];
  /** Appends to the session's transcript (session rule changes made by /permissions). */
  transcript: TranscriptLike;
  costs: CostTracker;
  /** The session's checkpoint store (null when git is missing). */
  checkpoints: CheckpointStore | null;
  mcp: { manager: McpManager; awaiting: ReturnType<typeof prepareMcp>['awaiting']; approvals: ReturnType<typeof prepareMcp>['approvals'] };
  resumed?: ResumeState;
  /** Folder trust: whether the project's hooks, servers and allow rules are in use, and what was skipped if not. */
  trust: FolderTrust;
  /** Skills found at start (frontmatter only); the Skill tool is registered when there is at least one. */
  skills: Skill[];
  close(): Promise<void>;
}

export { StartupError };

export interface BootstrapOptions {
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A client to use instead of the environment's (the demo). */
  client?: ModelClient;
  /** Emit raw API events (stream-json with partial messages). */
  wantRawEvents?: boolean;
  /** The trust dialog's answer for this folder; unset: --trust or what the user said before (else untrusted). */
  trusted?: boolean;
  /** Headless, but asks go to the permission broker (a controlling program answers them: can_use_tool). */
  askThroughBroker?: boolean;
  /** Adds hooks run beside the settings' hooks (the Agent SDK's callbacks). */
  wrapHooks?: (hooks: HookRunner) => import('../engine/services').HooksLike;
  /** MCP servers the controlling program hosts (Agent SDK in-process servers), each with its own transport. */
  extraMcpServers?: Array<{ config: import('../mcp/config').ResolvedServerConfig; transport: () => import('@modelcontextprotocol/sdk/shared/transport.js').Transport }>;
  /** The resumed session, already being read (the shell starts reading it before bootstrap, to show it sooner). */
  resumeState?: Promise<ResumeState>;
}

export async function bootstrap(cli: CliOptions, opts: BootstrapOptions): Promise<Bootstrapped> {
  const locations = findLocations(opts.cwd, opts.env);
  const { cwd, projectRoot, tandemHome, homeDir } = locations;
  const notices: Bootstrapped['notices'] = [];

  const extraFiles = cli.settings ? [settingsFlagPath(cli.settings, cwd)] : [];
  const settings = loadSettings({ cwd, projectRoot, tandemHome, homeDir, managedPaths: managedSettingsPaths(opts.env), extraFiles });
  for (const warning of settings.warnings) notices.push({ level: 'warning', message: warning });
  if (settings.errors.length > 0) {
    // Each message already names the file, and the line and column or the key.
    const described = settings.errors.map((e) => e.message);
    // A broken file must never silently turn permissions off: headless refuses, interactive says so and goes on.
    if (!opts.interactive) throw new StartupError(`settings file error; fix it and run again (tandem will not run with a broken settings file):\n  ${described.join('\n  ')}`);
    for (const line of described) notices.push({ level: 'error', message: `settings file ignored: ${line}` });
  }
  // Folder trust (src/trust/gate.ts): until the user trusts this folder, its settings may only narrow.
  const trusted = isFolderTrusted({ projectRoot, tandemHome, trustFlag: cli.trust, answered: opts.trusted });
  const trust = applyFolderTrust(settings, { trusted, projectRoot, homeDir });
  const skippedNotice = untrustedNotice(projectRoot, trust.skipped, opts.interactive ? 'interactive' : 'headless');
  if (skippedNotice) notices.push({ level: 'warning', message: skippedNotice });
  const merged = trust.settings;
  const { modeChoice, ruleIssues, warnings: permissionWarnings } = checkPermissionsAtStart(cli, { ...settings, settings: merged }, opts.interactive);
  for (const message of permissionWarnings) notices.push({ level: 'warning', message });
  for (const [key, value] of Object.entries(merged.env)) if (opts.env[key] === undefined) opts.env[key] = value;

  // MCP servers start in the background and never delay the prompt; their tools join the registry as they come.
  const commandLineMcp = readCommandLineMcpConfigs(cli.mcpConfigs ?? [], cwd);
  if (commandLineMcp.problems.length > 0) throw new StartupError(commandLineMcp.problems.join('\n'));
  if (cli.strictMcpConfig && (cli.mcpConfigs ?? []).length === 0) throw new StartupError('--strict-mcp-config needs at least one --mcp-config FILE|JSON');
  const mcp = prepareMcp({
    projectRoot, tandemHome, homeDir, cwd, env: opts.env, settingsSources: mcpSettingsSources(settings.sources), trusted,
    commandLine: commandLineMcp.sources, strict: cli.strictMcpConfig,
  });
  for (const message of mcp.notices) notices.push({ level: 'warning', message });
  // The Agent SDK's in-process servers (--permission-prompt-tool stdio sessions) join through the control protocol.
  const extraServers = opts.extraMcpServers ?? [];
  const configuredServers = new Set([...mcp.ready, ...mcp.awaiting, ...extraServers.map((e) => e.config)].map((server) => server.name));
  const knownMcpTool = (name: string) => [...configuredServers].some((s) => name === `mcp__${s}` || name.startsWith(`mcp__${s}__`));

  const catalog = await loadAgentCatalog({ cwd, tandemHome, homeDir, agentsDirs: cli.agentsDirs, knownTools: knownMcpTool });
  for (const error of catalog.errors) {
    notices.push({ level: 'warning', message: `agent file ${error.path}${error.line ? `:${error.line}` : ''}: ${error.field ? `${error.field}: ` : ''}${error.message}` });
  }
  const agentName = cli.agent ?? 'general-purpose';
  if (!catalog.agents.has(agentName)) {
    throw new StartupError(`no agent named "${agentName}". Available: ${[...catalog.agents.keys()].sort().join(', ')} (see tandem agents)`);
  }

  const aliasOverrides = merged.modelAliases;
  const resolve = (spec: string | undefined, sessionModel: string): string => resolveModel(spec, { sessionModel, overrides: aliasOverrides }).model;
  const defaultModel = resolve(DEFAULT_MODEL_ALIAS, DEFAULT_MODEL_ALIAS);
  const modelSpec = cli.model ?? merged.model;
  const sessionModel = modelSpec ? resolve(modelSpec, defaultModel) : defaultModel;
  const fallbackSpec = cli.fallbackModel ?? merged.fallbackModel;
  const fallbackModel = fallbackSpec ? resolve(fallbackSpec, sessionModel) : undefined;

  const mode: PermissionMode = modeChoice.mode;
  if (mode === 'bypassPermissions') {
    const refusal = checkBypassAllowed({ allowRootBypass: cli.dangerouslySkipPermissions });
    if (refusal) throw new StartupError(refusal);
  }

  let client = opts.client;
  let apiKeySource = opts.client ? 'demo' : 'none';
  if (!client) {
    try {
      client = clientFromEnv(opts.env, { fallbackModel, rawEvents: opts.wantRawEvents ?? false });
      apiKeySource = opts.env.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY' : 'ANTHROPIC_AUTH_TOKEN';
    } catch (error) {
      if (!(error instanceof ModelError) || opts.interactive === false) throw new StartupError((error as Error).message);
      notices.push({ level: 'error', message: `${error.message}\nTo try tandem without a key, run: tandem --demo` });
      client = missingKeyClient(error.message);
    }
  }

  const resumed = cli.continueLatest || cli.resume !== undefined ? await (opts.resumeState ?? loadResumeState(cli, locations)) : undefined;
  if (resumed) for (const warning of resumed.warnings) notices.push({ level: 'warning', message: warning });
  // --fork-session: the resumed conversation goes on under a new id, the old session stays as it was.
  const sessionId = resumed && !cli.forkSession ? resumed.sessionId : (cli.sessionId ?? randomUUID());

  const additionalDirectories = [...merged.permissions.additionalDirectories, ...cli.addDirs.map((d) => join(cwd, d))];
  const policy = new RulePolicy({
    rules: [...merged.permissions.allow, ...merged.permissions.ask, ...merged.permissions.deny],
    additionalDirectories,
    allowedTools: cli.allowedTools,
    // --tools NAMES: the built-in tools outside the list are denied (MCP tools are not built in: not affected).
    disallowedTools: [...cli.disallowedTools, ...builtInToolsOutside(cli.tools)],
    homeDir,
    bypassDisabled: merged.permissions.bypassDisabledBy !== undefined,
    env: opts.env,
  });
  for (const message of replaySessionRules(policy, resumed?.sessionRules ?? [])) notices.push({ level: 'warning', message });

  const tools = createToolRegistry();
  const mcpManager = new McpManager({
    servers: [...mcp.ready, ...extraServers.map((e) => e.config)],
    customTransports: new Map(extraServers.map((e) => [e.config.name, e.transport])),
    roots: [projectRoot, ...additionalDirectories],
    clientName: 'tandem',
    clientVersion: version(),
    baseEnv: opts.env,
    onChange: () => {
      // Tools of a server that failed or stopped disappear from the next request.
      const current = new Map(mcpManager.tools().map((tool) => [tool.name, tool]));
      for (const name of tools.names()) if (name.startsWith('mcp__') && !current.has(name)) tools.remove(name);
      for (const tool of current.values()) tools.add(tool);
    },
  });
  mcpManager.start();
  const files = new FileReadTracker();
  const costs = new CostTracker(merged.pricing as never);
  // A resumed shell goes on with the session's bill (status line, /cost, the exit note). Headless runs keep
  // reporting what they themselves cost (their result's modelUsage is this tracker's figures).
  if (resumed && opts.interactive) costs.restore(resumed.usageByModel, resumed.usageByAgent);
  const memory = await loadMemory({ cwd, projectRoot, tandemHome, homeDir });
  for (const warning of memory.warnings) notices.push({ level: 'warning', message: warning });
  const folderMemory = new FolderMemory(projectRoot, foldersLoadedAtStart(projectRoot, cwd));
  const skills = await loadSkills({ cwd, projectRoot, tandemHome, homeDir });
  for (const problem of skills.problems) notices.push({ level: 'warning', message: describeProblem(problem) });
  if (skills.skills.length > 0) tools.add(createSkillTool(skills.skills));

  const writer = await TranscriptWriter.create({ tandemHome, projectRoot, sessionId });
  const transcript: TranscriptLike = {
    path: writer.path,
    append: async (entry) => {
      await writer.append(entry as never);
    },
  };
  const checkpoints = await CheckpointStore.open({ projectRoot, tandemHome, sessionId }).catch(() => null);
  if (!checkpoints) notices.push({ level: 'warning', message: 'checkpoints are off: git was not found on PATH (install git to be able to undo turns with /rewind)' });
  let sessionForHooks: Session | undefined;
  const hooks = new HookRunner(merged.hooks, { sessionId, transcriptPath: writer.path, cwd, projectRoot, permissionMode: () => sessionForHooks?.info().mode ?? mode }, merged.disableAllHooks ? { disabledBy: merged.disableAllHooksSource ?? 'settings' } : {});
  for (const message of hooks.warnings) notices.push({ level: 'warning', message });
  // SessionStart hooks may add context: it joins the memory files in the system prompt.
  const start = hooks.has('SessionStart') ? await hooks.run('SessionStart', { source: resumed ? 'resume' : 'startup' }).catch(() => undefined) : undefined;
  for (const message of start?.errors ?? []) notices.push({ level: 'warning', message: `SessionStart hook: ${message}` });
  const memoryText = [memory.text, ...(start?.additionalContext ?? [])].filter((part) => part.trim()).join('\n\n');

  const sandbox = createSessionSandbox({
    raw: merged.sandbox,
    flag: cli.sandbox,
    projectRoot,
    additionalDirectories,
    homeDir,
    tandemHome,
    rules: merged.permissions.deny,
    disallowedTools: cli.disallowedTools,
  });
  for (const message of sandbox.warnings) notices.push({ level: 'warning', message });
  // Said once; Bash then prompts as usual (or refuses, with sandbox.failIfUnavailable).
  const sandboxProblem = await sandbox.controller.start();
  if (sandboxProblem) notices.push({ level: 'warning', message: sandboxProblem });

  // The context is as full as the session left it: auto-compaction judges the first new turn by that.
  let lastContextTokens = resumed?.contextTokens ?? 0;
  const threshold = merged.compactThreshold ?? 0.85;
  const session: Session = new Session({
    cwd,
    projectRoot,
    isGitRepo: locations.isGitRepo,
    sessionId,
    sessionDir: join(projectTranscriptDir(tandemHome, projectRoot), sessionId),
    catalog,
    loadCatalog: () => loadAgentCatalog({ cwd, tandemHome, homeDir, agentsDirs: cli.agentsDirs, knownTools: knownMcpTool }),
    agentName: resumed?.agent && catalog.agents.has(resumed.agent) && !cli.agent ? resumed.agent : agentName,
    // Each agent keeps its own model after a resume: only a model the user chose is put back as the session's.
    sessionModel: resumed?.sessionModel && !modelSpec ? resumed.sessionModel : sessionModel,
    explicitModel: Boolean(modelSpec) || Boolean(resumed?.explicitModel),
    resolveModel: resolve,
    effectiveTools: (agent, names) => effectiveToolNames(agent, names),
    client,
    tools,
    policy,
    files,
    mode,
    interactive: opts.interactive || opts.askThroughBroker === true,
    headlessDenial: (query, decision) => policy.headlessDenialMessage(query, decision),
    maxTurns: cli.maxTurns,
    appendSystemPrompt: cli.appendSystemPrompt,
    memoryText,
    additionalDirectories,
    hooks: opts.wrapHooks ? opts.wrapHooks(hooks) : hooks,
    checkpoints: checkpoints ? warmOnFirstTurn(checkpoints) : undefined,
    transcript,
    costs,
    wantRawEvents: opts.wantRawEvents,
    prepareRequest: (request: ModelRequest) => withCacheBreakpoints(request),
    persistRule: (rule) => saveLocalRule(projectRoot, rule, 'allow'),
    folderMemory: (toolName, input, toolCwd) => folderMemory.forToolCall(toolName, input, toolCwd),
    ...(trusted ? {} : { persistedAllowNote: UNTRUSTED_SAVED_ALLOW_NOTE }),
    allowRootBypass: cli.dangerouslySkipPermissions,
    ...(merged.permissions.bypassDisabledBy !== undefined ? { bypassDisabledBy: merged.permissions.bypassDisabledBy } : {}),
    resumed: resumed ? { messages: resumed.messages, todos: resumed.todos, contextTokens: resumed.contextTokens } : undefined,
    compact: async (s, reason, focus) => {
      if (reason === 'auto' && lastContextTokens < contextWindow(s.currentModel()) * threshold) return false;
      if (hooks.has('PreCompact')) await hooks.run('PreCompact', { trigger: reason === 'manual' ? 'manual' : 'auto', custom_instructions: focus ?? '' }).catch(() => undefined);
      const done = await compactSession(s, { client: client!, reason, focus, transcript, reloadMemory: () => loadMemory({ cwd, projectRoot, tandemHome, homeDir }), prepare: withCacheBreakpoints });
      if (done) lastContextTokens = 0;
      if (done && hooks.has('SessionStart')) await hooks.run('SessionStart', { source: 'compact' }).catch(() => undefined);
      return done;
    },
    onCleanup: async () => {
      await keepStoppedShells(await killAllShells(session.sessionStoreMap), join(projectTranscriptDir(tandemHome, projectRoot), sessionId), transcript);
      await sandbox.controller.close();
      await mcpManager.stopAll().catch(() => undefined);
      await hooks.run('SessionEnd', { reason: 'exit' }).catch(() => undefined);
    },
  });
  attachSandbox(session.sessionStoreMap, sandbox.controller);
  // A domain no list decides is asked about once in the shell; headless runs cannot ask, so it is refused.
  if (opts.interactive) sandbox.controller.setNetworkAsker((host) => askAboutDomain(session, host));
  sessionForHooks = session;
  session.subscribe((event) => {
    if (event.type === 'usage') lastContextTokens = event.contextTokens;
  });
  await transcript.append({
    type: 'session_meta',
    sessionId,
    cwd,
    projectRoot,
    agent: session.currentAgent.name,
    model: session.currentModel(),
    mode,
    version: version(),
    ...(() => {
      const choice = session.modelChoice();
      return { sessionModel: choice.sessionModel, explicitModel: choice.explicit };
    })(),
    resumed: Boolean(resumed),
  });

  return {
    session,
    client: client!,
    locations,
    settings,
    catalog,
    notices,
    apiKeySource,
    policy,
    modeChoice,
    ruleIssues,
    transcript,
    costs,
    checkpoints,
    mcp: { manager: mcpManager, awaiting: mcp.awaiting, approvals: mcp.approvals },
    resumed,
    trust,
    skills: skills.skills,
    close: async () => {
      await session.close();
      await writer.close();
    },
  };
}

async function askAboutDomain(session: Session, host: string): Promise<NetworkAnswer> {
  const answer = await session.askUser({
    speaker: { agent: session.currentAgent.name, model: session.currentModel(), parentToolUseId: null, depth: 0 },
    callId: `sandbox-network-${randomUUID()}`,
    toolName: 'Network',
    input: { host },
    preview: { kind: 'info', title: `A sandboxed command wants to connect to ${host}`, detail: 'This domain is not in sandbox.network.allowedDomains.' },
    reason: `${host} is not in sandbox.network.allowedDomains`,
    suggestion: { rule: host, label: `the domain ${host}` },
  });
  switch (answer.type) {
    case 'once':
      return 'session';
    case 'always':
      return answer.persist ? 'always' : 'session';
    case 'deny':
    case 'abort':
      return 'no';
    default: {
      const never: never = answer;
      throw new Error(`unknown answer ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The first snapshot of a large project hashes every file (seconds on 20,000 files). Starting it when the first
 * prompt is sent lets it run while the model thinks, instead of delaying the first writing tool call.
 */
function warmOnFirstTurn(store: CheckpointStore): CheckpointsLike {
  let warmed = false;
  return {
    beginTurn: async (turn) => {
      await store.beginTurn(turn);
      if (!warmed) {
        warmed = true;
        void store.warmUp().catch(() => undefined);
      }
    },
    beforeWrite: () => store.beforeWrite(),
    endTurn: () => store.endTurn(),
  };
}

function builtInToolsOutside(keep: string[] | undefined): string[] {
  if (!keep) return [];
  return [...createToolRegistry().names(), 'Task'].filter((name) => !keep.includes(name));
}

/** Stands in for the model client when no key is set: every request explains how to set one. */
function missingKeyClient(message: string): ModelClient {
  return {
    // eslint-disable-next-line require-yield
    async *stream() {
      throw new ModelError('auth', message);
    },
  };
}

