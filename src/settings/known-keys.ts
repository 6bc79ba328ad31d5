// Settings keys Claude Code reads that tandem does not use. Files are shared between the two, so these are not
// "unknown": they are accepted, named once per file as unused, and otherwise left alone. A key in neither this
// list nor the loader's own is unknown (a typo, most likely) and is warned about.
export const UNUSED_CLAUDE_KEYS: ReadonlySet<string> = new Set([
  'apiKeyHelper', 'awsCredentialExport', 'awsAuthRefresh', 'gcpAuthRefresh', 'otelHeadersHelper',
  'cleanupPeriodDays', 'attribution', 'includeCoAuthoredBy', 'includeGitInstructions',
  'availableModels', 'modelOverrides', 'allowedMcpServers', 'deniedMcpServers',
  'worktree', 'defaultShell', 'allowManagedHooksOnly', 'allowedHttpHookUrls', 'httpHookAllowedEnvVars',
  'allowManagedMcpServersOnly', 'strictPluginOnlyCustomization',
  'extraKnownMarketplaces', 'strictKnownMarketplaces', 'blockedMarketplaces',
  'forceLoginMethod', 'forceLoginOrgUUID', 'outputStyle', 'language', 'theme', 'editorMode', 'preferredNotifChannel',
  'spinnerTipsEnabled', 'spinnerVerbs', 'spinnerTipsOverride', 'alwaysThinkingEnabled', 'effortLevel', 'companyAnnouncements',
  'autoUpdatesChannel', 'autoUpdates', 'respectGitignore', 'fileSuggestion', 'autoCompactEnabled', 'autoCompactWindow',
  'showTurnDuration', 'terminalProgressBarEnabled', 'prefersReducedMotion', 'autoMode', 'skipDangerousModePermissionPrompt',
  'skipAutoPermissionPrompt', 'useAutoModeDuringPlan', 'disableAutoMode', 'plansDirectory', 'skillsDirectory',
  'feedbackSurveyRate', 'awaySummaryEnabled', 'autoDreamEnabled', 'advisorModel', 'subagentModel', 'xaaIdp',
  'pluginConfigs', 'teammateMode', 'voiceEnabled',
  // tandem's status line is its own; a custom status line command is not run (yet).
  'statusLine', 'feedbackSurveyState',
]);

/** Keys under `permissions` that Claude Code reads and tandem does not use. */
export const UNUSED_CLAUDE_PERMISSION_KEYS: ReadonlySet<string> = new Set(['disableAutoMode']);

/** Hook types Claude Code runs that tandem does not (yet): the hook is skipped with a warning, the others kept. */
export const UNSUPPORTED_HOOK_TYPES: ReadonlySet<string> = new Set(['prompt', 'agent', 'http']);
