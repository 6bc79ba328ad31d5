// `--input-format stream-json --output-format stream-json --verbose`: the mode the Claude Agent SDK drives.
// User messages and control requests arrive as JSON lines on stdin; every event, each turn's result and the
// control answers go out as JSON lines on stdout. The session stays open until stdin closes.
import type { CliOptions } from './args';
import { StartupError, bootstrap, type Bootstrapped } from './bootstrap';
import { ControlChannel, ControlError } from './control-protocol';
import { lineWriter, streamEvents } from './event-lines';
import { initInfoOf, initLine, resultLine } from './stream-json';
import { parseInputLine, readLines, splitUserContent, type ControlRequestBody, type InputLine } from './stream-input';
import { SdkMcpRelay, sdkServerConfig } from './sdk-mcp-relay';
import { SdkHooks, type SdkHookMatchers } from './sdk-hooks';
import { version } from './version';
import { watchBudget, type BudgetWatch } from './budget';
import { runLocalCommand } from './stream-local-commands';
import { PERMISSION_MODES, type PermissionMode, type UserDecision } from '../permissions/types';
import type { EngineEvent } from '../engine/events';
import { sanitize, sanitizeLine } from '../text/sanitize';
import { claimSignals } from './signals';

export async function runStreamMode(cli: CliOptions, io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const out = lineWriter(io.stdout);
  const control = new ControlChannel(out.write, out.flush);
  const lines = readLines(io.stdin)[Symbol.asyncIterator]();

  // The SDK sends `initialize` first: its hooks, MCP servers and system prompt additions shape the session, so it
  // is read before the session is built. Any other first line is kept and handled after.
  const first = await lines.next();
  let initialize: { requestId: string; request: ControlRequestBody } | undefined;
  const early: string[] = [];
  if (!first.done) {
    const parsed = parseInputLine(first.value);
    if (parsed.kind === 'control_request' && parsed.request.subtype === 'initialize') initialize = { requestId: parsed.requestId, request: parsed.request };
    else early.push(first.value);
  }
  const sdkHooks = new SdkHooks(control, (initialize?.request.hooks ?? {}) as SdkHookMatchers);
  // The SDK may send the output schema with initialize instead of --json-schema; the flag wins.
  const initSchema = initialize?.request.jsonSchema;
  if (cli.jsonSchema === undefined && initSchema && typeof initSchema === 'object' && !Array.isArray(initSchema)) cli.jsonSchema = JSON.stringify(initSchema);
  if (initialize && typeof initialize.request.appendSystemPrompt === 'string') {
    cli.appendSystemPrompt = [cli.appendSystemPrompt, initialize.request.appendSystemPrompt].filter(Boolean).join('\n\n');
  }
  const relays = new Map<string, SdkMcpRelay>();
  const sdkServers = Array.isArray(initialize?.request.sdkMcpServers) ? initialize.request.sdkMcpServers.filter((n): n is string => typeof n === 'string') : [];

  const askThroughBroker = cli.permissionPromptTool === 'stdio';
  if (cli.permissionPromptTool !== undefined && !askThroughBroker) {
    io.stderr.write(`tandem: --permission-prompt-tool ${sanitize(cli.permissionPromptTool)}: only "stdio" is supported; calls that need approval are denied\n`);
  }

  // stdin is read from now on, while the session is built: SDK MCP servers answer their handshake through it.
  // Answers to our requests are taken at once; everything else waits for the session, in arrival order.
  let bootDone!: (boot: Bootstrapped | null) => void;
  const booted = new Promise<Bootstrapped | null>((r) => (bootDone = r));
  let work: Promise<void> = Promise.resolve();
  let exitCode = 0;
  let turns: Promise<void> = Promise.resolve();
  const pump = (async () => {
    const take = (text: string) => {
      const line = parseInputLine(text);
      if (line.kind === 'control_response') {
        control.answer(line.requestId, line.ok ? { ok: true, response: line.response } : { ok: false, error: line.error });
        return;
      }
      if (line.kind === 'control_request' && line.request.subtype === 'mcp_message') {
        const relay = relays.get(String(line.request.server_name));
        if (!relay) control.fail(line.requestId, `no SDK MCP server named ${JSON.stringify(line.request.server_name)}`);
        else {
          relay.deliver(line.request.message as never);
          control.succeed(line.requestId, { mcp_response: { jsonrpc: '2.0', result: {}, id: 0 } });
        }
        return;
      }
      work = work.then(async () => {
        const boot = await booted;
        if (boot) handle(boot, line);
      });
    };
    for (const text of early) take(text);
    for (let next = await lines.next(); !next.done; next = await lines.next()) take(next.value);
    control.close();
  })();

  const handle = (boot: Bootstrapped, line: InputLine) => {
    const { session } = boot;
    switch (line.kind) {
      case 'user':
        turns = turns.then(() => runTurn(boot, line.content));
        return;
      case 'control_request':
        handleRequest(boot, line.requestId, line.request);
        return;
      case 'control_response':
      case 'control_cancel_request':
      case 'ignored':
        return;
      case 'invalid':
        io.stderr.write(`tandem: ignored a stdin line: ${line.message}\n`);
        return;
      default: {
        const unreachable: never = line;
        throw new Error(`unhandled input ${JSON.stringify(unreachable)} in ${session.sessionId}`);
      }
    }
  };

  const handleRequest = (boot: Bootstrapped, requestId: string, request: ControlRequestBody) => {
    const { session } = boot;
    switch (request.subtype) {
      case 'initialize':
        control.succeed(requestId, initializeAnswer(boot));
        return;
      case 'interrupt':
        session.abort();
        control.succeed(requestId);
        return;
      case 'set_permission_mode': {
        const mode = request.mode;
        if (typeof mode !== 'string' || !(PERMISSION_MODES as readonly string[]).includes(mode)) {
          control.fail(requestId, `unknown permission mode ${JSON.stringify(mode)}; one of ${PERMISSION_MODES.join(', ')}`);
          return;
        }
        // As in Claude Code, bypassPermissions is reachable only when the launch allowed it.
        if (mode === 'bypassPermissions' && !cli.allowDangerouslySkipPermissions && !cli.dangerouslySkipPermissions) {
          control.fail(requestId, 'bypassPermissions needs tandem to be started with --allow-dangerously-skip-permissions (the SDK option allowDangerouslySkipPermissions)');
          return;
        }
        session.setMode(mode as PermissionMode);
        if (session.info().mode !== mode) control.fail(requestId, `cannot switch to ${mode} here`);
        else control.succeed(requestId);
        return;
      }
      case 'set_model': {
        const model = typeof request.model === 'string' && request.model !== 'default' ? request.model : 'sonnet';
        try {
          session.setModel(model);
          control.succeed(requestId);
        } catch (error) {
          control.fail(requestId, (error as Error).message);
        }
        return;
      }
      case 'set_max_thinking_tokens': {
        const tokens = request.max_thinking_tokens;
        if (tokens !== null && (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0)) {
          control.fail(requestId, `max_thinking_tokens must be a whole number of tokens or null (got ${JSON.stringify(tokens)})`);
          return;
        }
        boot.reasoning.setMaxThinkingTokens(tokens);
        control.succeed(requestId);
        return;
      }
      default:
        control.fail(requestId, `Unsupported control request subtype: ${request.subtype}`, 'unsupported_request');
    }
  };

  let budget: BudgetWatch | undefined;
  const runTurn = async (boot: Bootstrapped, content: string | Array<Record<string, unknown>>) => {
    const { session } = boot;
    if (budget?.exceeded()) {
      out.write(budgetResult(boot));
      exitCode = 1;
      return;
    }
    const { text, images, others } = splitUserContent(content);
    if (others.length > 0) {
      const kinds = [...new Set(others.map((b) => String(b.type)))].join(', ');
      io.stderr.write(`tandem: a user message held blocks tandem cannot send yet (${sanitize(kinds)}); they were left out, the rest was sent\n`);
    }
    // Stream input mode expands no slash commands (see headless-slash.ts): it announces none.
    out.write(initLine({ ...initInfoOf(boot, []), version: version() }));
    if (images.length === 0) {
      const local = await runLocalCommand(boot, text, out.write);
      if (local.handled) {
        out.flush();
        exitCode = local.isError ? 1 : 0;
        return;
      }
    }
    const result = await session.send(text, { images });
    const line = resultLine(result, session.sessionId);
    // As in Claude Code, each result of a long-lived session carries the running total, not the turn's share.
    line.total_cost_usd = Math.round(boot.costs.total().costUsd * 1e6) / 1e6;
    budget?.apply(line);
    if (!budget?.exceeded() && result.isError && !result.apiFailure) Object.assign(line, { errors: [result.error ?? result.subtype] });
    out.write(line);
    out.flush();
    // Like Claude Code: the exit status is the last turn's, an interrupted turn included (the SDK reports it).
    exitCode = line.is_error ? 1 : 0;
  };

  let boot: Bootstrapped;
  try {
    boot = await bootstrap(cli, {
      interactive: false,
      askThroughBroker,
      env: process.env,
      cwd: process.cwd(),
      wantRawEvents: cli.includePartialMessages,
      wrapHooks: (runner) => sdkHooks.wrap(runner),
      extraMcpServers: sdkServers.map((name) => ({
        config: sdkServerConfig(name),
        transport: () => {
          const relay = new SdkMcpRelay(control, name);
          relays.set(name, relay);
          return relay;
        },
      })),
    });
  } catch (error) {
    bootDone(null);
    if (error instanceof StartupError) {
      if (initialize) control.fail(initialize.requestId, error.message);
      io.stderr.write(`tandem: ${sanitize(error.message)}\n`);
      out.flush();
      return 2;
    }
    throw error;
  }
  for (const notice of boot.notices) if (notice.level !== 'info') io.stderr.write(`tandem: ${sanitize(notice.message)}\n`);
  const { session } = boot;
  sdkHooks.base = { session_id: session.sessionId, transcript_path: boot.transcript.path, cwd: session.info().cwd };
  await boot.mcp.manager.whenSettled(15_000);
  for (const server of boot.mcp.manager.status()) {
    if (server.state === 'failed') io.stderr.write(`tandem: MCP server ${sanitizeLine(server.name)} failed: ${sanitize(server.error ?? 'unknown error')}\n`);
  }
  if (initialize) control.succeed(initialize.requestId, initializeAnswer(boot));

  const unsubscribeLines = streamEvents(session, { lines: out.write, includePartial: cli.includePartialMessages, stderr: io.stderr });
  const unsubscribeAsks = askThroughBroker ? forwardPermissionAsks(session, control) : () => undefined;
  budget = cli.maxBudgetUsd !== undefined ? watchBudget(session, boot.costs, cli.maxBudgetUsd) : undefined;
  bootDone(boot);

  const onSignal = () => session.abort();
  const releaseSignals = claimSignals(['SIGINT', 'SIGTERM'], onSignal);
  try {
    await pump;
    await work;
    await turns;
  } finally {
    releaseSignals();
    unsubscribeAsks();
    unsubscribeLines();
    out.flush();
    await boot.close();
  }
  return exitCode;
}

/** What tandem offers the controlling program (the SDK's supportedCommands(), supportedModels()...). */
function initializeAnswer(boot: Bootstrapped): Record<string, unknown> {
  const agents = boot.session.agents().agents;
  return {
    commands: [],
    agents: agents.map((a) => ({ name: a.name, description: a.description ?? '' })),
    models: ['sonnet', 'opus', 'haiku'].map((alias) => ({ value: alias, displayName: alias, description: `the ${alias} model` })),
    output_style: 'default',
    available_output_styles: ['default'],
    account: { apiKeySource: boot.apiKeySource },
    claude_code_version: version(),
    pending_permission_requests: [],
  };
}

/** Sends each of the session's permission asks to the controlling program as can_use_tool; answers the broker. */
function forwardPermissionAsks(session: Bootstrapped['session'], control: ControlChannel): () => void {
  return session.subscribe((event: EngineEvent) => {
    if (event.type !== 'permission_request') return;
    const abort = new AbortController();
    const onResolved = session.subscribe((e) => {
      if (e.type === 'permission_resolved' && e.requestId === event.requestId) abort.abort();
    });
    void control
      .request(
        {
          subtype: 'can_use_tool',
          tool_name: event.toolName,
          input: event.input,
          tool_use_id: event.callId,
          decision_reason: event.reason,
          permission_suggestions: [],
        },
        abort.signal,
      )
      .then(
        (answer) => decisionFrom(answer),
        (error: unknown): UserDecision =>
          error instanceof ControlError && error.message === 'cancelled'
            ? { type: 'abort' }
            : { type: 'deny', message: `The permission prompt tool failed: ${(error as Error).message}` },
      )
      .then((decision) => {
        onResolved();
        session.respond(event.requestId, decision);
      });
  });
}

/** A can_use_tool answer as the broker's decision. Anything unreadable denies: never allow by accident. */
export function decisionFrom(answer: Record<string, unknown>): UserDecision {
  if (answer.behavior === 'allow') {
    const updated = answer.updatedInput;
    return updated && typeof updated === 'object' && !Array.isArray(updated) ? { type: 'once', updatedInput: updated as Record<string, unknown> } : { type: 'once' };
  }
  if (answer.behavior === 'deny') {
    return { type: 'deny', message: typeof answer.message === 'string' && answer.message ? answer.message : 'Permission denied by the controlling program.', interrupt: answer.interrupt === true };
  }
  return { type: 'deny', message: `The permission prompt tool gave no decision (behavior ${JSON.stringify(answer.behavior)}); the call was not run.` };
}

function budgetResult(boot: Bootstrapped): Record<string, unknown> {
  const total = boot.costs.total();
  return {
    type: 'result',
    subtype: 'error_max_budget_usd',
    is_error: true,
    num_turns: 0,
    duration_ms: 0,
    duration_api_ms: 0,
    total_cost_usd: total.costUsd,
    usage: total.usage,
    modelUsage: {},
    permission_denials: [],
    errors: ['the session already spent its budget (--max-budget-usd)'],
    session_id: boot.session.sessionId,
  };
}
