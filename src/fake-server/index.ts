// The fake Anthropic API's public surface.
export { startFakeServer } from './server';
export { runFakeServerCli } from './cli';
export { PromptCache, estimateTokens } from './prompt-cache';
export type { FakeServer, FakeServerOptions, LoggedRequest, ScriptedTurn, ScriptedBlock, Fault } from './types';
