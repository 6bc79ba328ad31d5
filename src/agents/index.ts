// The agents module's public face: load the catalog, parse one file, resolve models and tool sets.
export { loadAgentCatalog, type LoadAgentCatalogOptions } from './catalog';
export { parseAgentFile, type ParseAgentOptions, type ParseAgentResult } from './parse';
export { agentSourceDirs, defaultBuiltinDir, listMarkdownFiles, projectChain, type AgentSourceDir } from './discovery';
export { KNOWN_TOOLS, effectiveToolNames, normaliseToolName, isKnownTool } from './tools';
export {
  DEFAULT_MODEL_ALIAS,
  MODEL_ALIASES,
  MODEL_ALIAS_TARGETS,
  resolveModel,
  isModelAlias,
  type ModelAlias,
  type ModelContext,
} from './models';
export { PERMISSION_MODES } from './schema';
export type { AgentCatalog, AgentDefinition, AgentLoadError, AgentSourceKind, AgentColor } from './types';
