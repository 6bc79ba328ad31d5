// Builds a ready Session from the command line, the settings files and the environment. Shared by headless
// and interactive mode; what differs (how problems are reported) is decided by the caller through `problems`.
import { randomUUID } from 'node:crypto';
import { join, resolve as resolvePath } from 'node:path';
import { effectiveToolNames, loadAgentCatalog, resolveModel } from '../agents';
import { DEFAULT_MODEL_ALIAS } from '../agents/models';
import type { AgentCatalog } from '../agents/types';
import { CheckpointStore } from '../checkpoints';
import { Session } from '../engine/session';
import type { CheckpointsLike, TranscriptLike } from '../engine/services';
import { HookRunner } from '../hooks/runner';
import { McpManager } from '../mcp/manager';
import { prepareMcp } from '../mcp/setup';
import { staleMcpToolWarnings } from '../agents/mcp-tools-check';
import { attachMentionedResources } from '../mcp/resource-mentions';
import { readCommandLineMcpConfigs } from '../mcp/cli-config';
import { clientFromEnv } from '../model/anthropic-client';
import { ReasoningControl } from '../model/reasoning';
import { reasoningChoiceFromFlags } from './reasoning-flags';
import { structuredOutputFromFlag } from './json-schema-flag';
import type { ModelClient, ModelRequest } from '../model/types';
import { ModelError } from '../model/types';
import { checkBypassAllowed } from '../permissions/modes';
import { RulePolicy } from '../permissions/policy';
import type { PermissionMode } from '../permissions/types';
import { withCacheBreakpoints } from '../session/cache-breakpoints';
import { CostTracker } from '../session/cost-tracker';
import { loadMemory } from '../session/memory';
import { MemoryReadGuard, memoryReadLimits } from '../session/memory-read-guard';
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
import { createSessionSandbox, sessionConfigured } from '../sandbox/setup';
import { attachSandbox, type NetworkAnswer } from '../sandbox/controller';
import { describeProblem, loadSkills, type Skill } from '../skills/load';
import { createSkillTool } from '../skills/skill-tool';
import { loadPlugins, type LoadedPlugins } from '../plugins/load';
import { pluginAgentSources, pluginMcpServers, pluginSkillSources, withPluginHooks } from '../plugins/contributions';

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
  mcp: { manager: McpManager; awaiting: ReturnType<typeof prepareMcp>['awaiting']; approvals: ReturnType<typeof prepareMcp>['approvals']; sessionDir?: string };
  resumed?: ResumeState;
  /** Folder trust: whether the project's hooks, servers and allow rules are in use, and what was skipped if not. */
  trust: FolderTrust;
  /** Skills found at start (frontmatter only); the Skill tool is registered when there is at least one. */
  skills: Skill[];
  /** Thinking and effort of the session's requests (the SDK's set_max_thinking_tokens changes it). */
  reasoning: ReasoningControl;
  /** Every plugin found, on or off (src/plugins); the enabled ones' parts are already in the loaders above. */
  plugins: LoadedPlugins;
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
  // A schema that cannot be used stops the run before anything starts (servers, hooks, requests).
  const structuredOutput = cli.jsonSchema !== undefined && !opts.interactive ? await structuredOutputFromFlag(cli.jsonSchema) : undefined;
  if (cli.jsonSchema !== undefined && opts.interactive) notices.push({ level: 'warning', message: '--json-schema applies to headless runs (-p); ignored in the interactive shell' });

  const extraFiles = cli.settings ? [settingsFlagPath(cli.settings, cwd)] : [];
  const settings = loadSettings({ cwd, projectRoot, tandemHome, homeDir, managedPaths: managedSettingsPaths(opts.env), extraFiles, ...(cli.settingSources ? { levels: cli.settingSources } : {}) });
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
  // Plugins: their hooks and servers run only where the trust decision above allows (src/plugins/load.ts).
  const plugins = loadPlugins({ pluginDirs: cli.pluginDirs, pluginDirsWithoutMcp: cli.pluginDirsWithoutMcp, cwd, projectRoot, tandemHome, homeDir, settingsSources: settings.sources, trusted });
  for (const message of plugins.notices) notices.push({ level: 'warning', message });

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
  const pluginMcp = pluginMcpServers(plugins, opts.env);
  for (const message of pluginMcp.notices) notices.push({ level: 'warning', message });
  // Servers that will not start (denied, disabled, untrusted folder, a broken entry) are still configured: their
  // tools are not called "not configured" (the notices above say why they are off).
  const configuredServers = new Set([
    ...[...mcp.ready, ...mcp.awaiting, ...mcp.denied, ...mcp.disabled, ...mcp.untrusted, ...pluginMcp.servers, ...extraServers.map((e) => e.config)].map((server) => server.name),
    ...mcp.errors.flatMap((e) => (e.server ? [e.server] : [])),
  ]);
  const knownMcpTool = (name: string) => [...configuredServers].some((s) => name === `mcp__${s}` || name.startsWith(`mcp__${s}__`));

  const catalog = await loadAgentCatalog({ cwd, tandemHome, homeDir, agentsDirs: cli.agentsDirs, knownTools: knownMcpTool, pluginAgents: pluginAgentSources(plugins) });
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

  const additionalDirectories = [...merged.permissions.additionalDirectories, ...cli.addDirs.map((d) => resolvePath(cwd, d))];
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
  // Servers connect in the background and may call back before the session exists.
  let sessionForMcp: Session | undefined;
  const connectedEarly: string[] = [];
  let ownListeners = 0;
  const mcpManager = new McpManager({
    servers: [...mcp.ready, ...pluginMcp.servers, ...extraServers.map((e) => e.config)],
    customTransports: new Map(extraServers.map((e) => [e.config.name, e.transport])),
    roots: [projectRoot, ...additionalDirectories],
    clientName: 'tandem',
    clientVersion: version(),
    baseEnv: opts.env,
    // Forms are shown in the shell only; headless runs (stream-json included) decline them.
    ...(opts.interactive && !opts.askThroughBroker
      ? { onElicitation: (server: string, form: { message: string; fields: import('../mcp/elicitation-form').FormField[] }, signal: AbortSignal) => (sessionForMcp ? sessionForMcp.askForm({ server, ...form }, signal) : Promise.resolve({ action: 'decline' as const })) }
      : {}),
    // The shell says when the agent names a tool a server has just been found not to have (headless says it once
    // the servers settled, in run-print).
    ...(opts.interactive
      ? {
          onConnected: (server: string) => {
            if (!sessionForMcp) return void connectedEarly.push(server);
            const messages = staleMcpToolWarnings(sessionForMcp.currentAgent, (name) => (name === server ? mcpManager.serverToolNames(name) : undefined));
            if (messages.length > 0) emitWhenHeard(sessionForMcp, ownListeners, messages);
          },
        }
      : {}),
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
  // Imports the Read rules or the sandbox keep out stay out of the prompt too (memory-read-guard.ts).
  const memoryLimits = memoryReadLimits(policy, projectRoot, merged.sandbox);
  const memory = await loadMemory({ cwd, projectRoot, tandemHome, homeDir, limits: memoryLimits });
  for (const warning of memory.warnings) notices.push({ level: 'warning', message: warning });
  const folderMemory = new FolderMemory(projectRoot, foldersLoadedAtStart(projectRoot, cwd), new MemoryReadGuard({ homeDir, tandemHome, projectRoot, limits: memoryLimits }), (message) => session.emit({ type: 'notice', level: 'warning', message }));
  const skills = await loadSkills({ cwd, projectRoot, tandemHome, homeDir, plugins: pluginSkillSources(plugins) });
  for (const problem of skills.problems) notices.push({ level: 'warning', message: describeProblem(problem) });
  if (skills.skills.length > 0) tools.add(createSkillTool(skills.skills, { folderTrusted: trusted }));

  const writer = await TranscriptWriter.create({ tandemHome, projectRoot, sessionId });
  const transcript: TranscriptLike = {
    path: writer.path,
    append: async (entry) => {
      await writer.append(entry as never);
    },
  };
  const checkpoints = await CheckpointStore.open({ projectRoot, tandemHome, sessionId }).catch(() => null);
  if (!checkpoints) notices.push({ level: 'warning', message: 'checkpoints are off: git was not found on PATH (install git to be able to undo turns with /rewind)' });
  const warming = checkpoints ? warmOnFirstTurn(checkpoints) : undefined;
  const checkpointsForSession = warming?.checkpoints;
  let sessionForHooks: Session | undefined;
  const hooks = new HookRunner(withPluginHooks(merged.hooks, plugins), { sessionId, transcriptPath: writer.path, cwd, projectRoot, permissionMode: () => sessionForHooks?.info().mode ?? mode, outputDir: join(projectTranscriptDir(tandemHome, projectRoot), sessionId) }, merged.disableAllHooks ? { disabledBy: merged.disableAllHooksSource ?? 'settings' } : {});
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
    // What tandem runs unsandboxed later (hooks, MCP servers, plugins) stays read-only to sandboxed commands.
    configured: sessionConfigured({ cwd, hooks: [settings.settings.hooks, merged.hooks], plugins, mcp, pluginServers: pluginMcp.servers }),
  });
  for (const message of sandbox.warnings) notices.push({ level: 'warning', message });
  // Said once; Bash then prompts as usual (or refuses, with sandbox.failIfUnavailable).
  const sandboxProblem = await sandbox.controller.start();
  if (sandboxProblem) notices.push({ level: 'warning', message: sandboxProblem });

  // Thinking and effort follow the model each request goes to; a choice a model cannot take is said once, on stderr.
  let warnReasoning: (message: string) => void = (message) => notices.push({ level: 'warning', message });
  const reasoning = new ReasoningControl(reasoningChoiceFromFlags(cli), (message) => warnReasoning(message));
  const sessionDir = join(projectTranscriptDir(tandemHome, projectRoot), sessionId);
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
    loadCatalog: () => loadAgentCatalog({ cwd, tandemHome, homeDir, agentsDirs: cli.agentsDirs, knownTools: knownMcpTool, pluginAgents: pluginAgentSources(plugins) }),
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
    checkpoints: checkpointsForSession,
    transcript,
    costs,
    wantRawEvents: opts.wantRawEvents,
    prepareRequest: (request: ModelRequest) => withCacheBreakpoints(reasoning.apply(request)),
    persistRule: (rule) => saveLocalRule(projectRoot, rule, 'allow'),
    promptAttachments: (prompt, signal) =>
      prompt.includes('@') && mcpManager.serverNames().length > 0
        ? attachMentionedResources(prompt, mcpManager, { sessionDir, signal })
        : Promise.resolve({ blocks: [], notices: [] }),
    folderMemory: (toolName, input, toolCwd) => folderMemory.forToolCall(toolName, input, toolCwd),
    ...(trusted ? {} : { persistedAllowNote: UNTRUSTED_SAVED_ALLOW_NOTE }),
    allowRootBypass: cli.dangerouslySkipPermissions,
    ...(structuredOutput ? { structuredOutput } : {}),
    ...(merged.permissions.bypassDisabledBy !== undefined ? { bypassDisabledBy: merged.permissions.bypassDisabledBy } : {}),
    resumed: resumed ? { messages: resumed.messages, todos: resumed.todos, contextTokens: resumed.contextTokens } : undefined,
    compact: async (s, reason, focus) => {
      if (reason === 'auto' && lastContextTokens < contextWindow(s.currentModel()) * threshold) return false;
      if (hooks.has('PreCompact')) await hooks.run('PreCompact', { trigger: reason === 'manual' ? 'manual' : 'auto', custom_instructions: focus ?? '' }).catch(() => undefined);
      const done = await compactSession(s, { client: client!, reason, focus, transcript, reloadMemory: () => loadMemory({ cwd, projectRoot, tandemHome, homeDir, limits: memoryLimits }), prepare: withCacheBreakpoints, preTokens: lastContextTokens });
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
  warnReasoning = (message) => session.emit({ type: 'notice', level: 'warning', message });
  // A domain no list decides is asked about once in the shell; headless runs cannot ask, so it is refused.
  if (opts.interactive) sandbox.controller.setNetworkAsker((host) => askAboutDomain(session, host));
  sessionForHooks = session;
  sessionForMcp = session;
  for (const server of connectedEarly.splice(0)) {
    for (const message of staleMcpToolWarnings(session.currentAgent, (name) => (name === server ? mcpManager.serverToolNames(name) : undefined))) notices.push({ level: 'warning', message });
  }
  session.subscribe((event) => {
    if (event.type === 'usage') lastContextTokens = event.contextTokens;
  });
  ownListeners = session.listenerCount;
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
    mcp: { manager: mcpManager, awaiting: mcp.awaiting, approvals: mcp.approvals, sessionDir },
    resumed,
    trust,
    skills: skills.skills,
    reasoning,
    plugins,
    close: async () => {
      await session.close();
      await writer.close();
      // A warm-up git still writing into the checkpoint store is given a moment to finish (not left half-written).
      await warming?.settle(2_000);
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

/** Notices for the shell, held until its screen listens (the session is built before the screen subscribes). */
function emitWhenHeard(session: Session, ownListeners: number, messages: string[], triesLeft = 100): void {
  if (session.listenerCount > ownListeners || triesLeft <= 0) {
    for (const message of messages) session.emit({ type: 'notice', level: 'warning', message });
    return;
  }
  setTimeout(() => emitWhenHeard(session, ownListeners, messages, triesLeft - 1), 100).unref?.();
}

/**
 * The first snapshot of a large project hashes every file (seconds on 20,000 files). Starting it when the first
 * prompt is sent lets it run while the model thinks, instead of delaying the first writing tool call.
 */
function warmOnFirstTurn(store: CheckpointStore): { checkpoints: CheckpointsLike; settle(maxMs: number): Promise<void> } {
  let warming: Promise<void> | undefined;
  return {
    checkpoints: {
      beginTurn: async (turn) => {
        await store.beginTurn(turn);
        warming ??= store.warmUp().catch(() => undefined);
      },
      beforeWrite: () => store.beforeWrite(),
      endTurn: () => store.endTurn(),
    },
    settle: async (maxMs) => {
      if (!warming) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([warming, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs).unref()))]);
      clearTimeout(timer);
    },
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

