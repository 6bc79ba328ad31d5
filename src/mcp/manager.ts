// Runs the session's MCP servers: connects them all in parallel in the background, keeps each one's state and
// tools, notices a server that dies or hangs, and stops them all with the shell. The caller never waits for a
// server: it reads tools() whenever it builds a request, and onChange() says when that set changed.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, ElicitRequestFormParams, ElicitResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { AnyTool } from '../tools/types';
import { ToolError } from '../tools/types';
import type { ResolvedServerConfig } from './config';
import { createMcpTool, mcpToolName, serverDownError, type McpToolInfo } from './mcp-tool';
import { StderrTail } from './stderr-tail';
import { closeWithDescendants } from './process-tree';
import { formFields, type ElicitationAnswer, type FormField } from './elicitation-form';
import { listPrompts, listResources, type McpPromptInfo, type McpResourceInfo } from './server-catalog';
import type { ToolProgress } from '../tools/types';

/** Shows a server's form to the user; left out (headless runs) every form is declined. */
export type ElicitationHandler = (server: string, form: { message: string; fields: FormField[] }, signal: AbortSignal) => Promise<ElicitationAnswer>;

export type McpServerState = 'pending' | 'connected' | 'failed' | 'stopped';

export interface McpServerStatus {
  name: string;
  state: McpServerState;
  error?: string;
  toolCount: number;
  transport: string;
}

export interface McpManagerOptions {
  servers: ResolvedServerConfig[];
  /** Called whenever a server's state or tool list changes (the lead syncs the tool registry here). */
  onChange: () => void;
  clientName: string;
  clientVersion: string;
  /** Spawn, handshake and first tools/list together; default 30 s. */
  connectTimeoutMs?: number;
  /** One tools/call; default 10 minutes (progress notifications restart the clock). */
  callTimeoutMs?: number;
  /** Folders the servers may work in (the project and additional directories), answered to roots/list. */
  roots?: string[];
  /** Environment stdio servers inherit before their own `env`; default process.env. */
  baseEnv?: Record<string, string | undefined>;
  /** Servers reached through a transport of the caller's (the Agent SDK's in-process servers), by name. */
  customTransports?: Map<string, () => Transport>;
  /** Answers servers' elicitation/create; unset, each request is declined. */
  onElicitation?: ElicitationHandler;
  /** A server finished connecting (the REPL checks the agent's tool names against it then). */
  onConnected?: (server: string) => void;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
const DEFAULT_CALL_TIMEOUT_MS = 10 * 60_000;

type Sdk = {
  Client: typeof import('@modelcontextprotocol/sdk/client/index.js').Client;
  StdioClientTransport: typeof import('@modelcontextprotocol/sdk/client/stdio.js').StdioClientTransport;
  StreamableHTTPClientTransport: typeof import('@modelcontextprotocol/sdk/client/streamableHttp.js').StreamableHTTPClientTransport;
  SSEClientTransport: typeof import('@modelcontextprotocol/sdk/client/sse.js').SSEClientTransport;
  ToolListChangedNotificationSchema: typeof import('@modelcontextprotocol/sdk/types.js').ToolListChangedNotificationSchema;
  ListRootsRequestSchema: typeof import('@modelcontextprotocol/sdk/types.js').ListRootsRequestSchema;
  ElicitRequestSchema: typeof import('@modelcontextprotocol/sdk/types.js').ElicitRequestSchema;
  ResourceListChangedNotificationSchema: typeof import('@modelcontextprotocol/sdk/types.js').ResourceListChangedNotificationSchema;
  PromptListChangedNotificationSchema: typeof import('@modelcontextprotocol/sdk/types.js').PromptListChangedNotificationSchema;
};

let sdkPromise: Promise<Sdk> | undefined;

/** Loaded on first use so a session without MCP servers pays nothing for the SDK. */
function loadSdk(): Promise<Sdk> {
  sdkPromise ??= (async () => {
    const [client, stdio, http, sse, types] = await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/stdio.js'),
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
      import('@modelcontextprotocol/sdk/client/sse.js'),
      import('@modelcontextprotocol/sdk/types.js'),
    ]);
    return {
      Client: client.Client,
      StdioClientTransport: stdio.StdioClientTransport,
      StreamableHTTPClientTransport: http.StreamableHTTPClientTransport,
      SSEClientTransport: sse.SSEClientTransport,
      ToolListChangedNotificationSchema: types.ToolListChangedNotificationSchema,
      ListRootsRequestSchema: types.ListRootsRequestSchema,
      ElicitRequestSchema: types.ElicitRequestSchema,
      ResourceListChangedNotificationSchema: types.ResourceListChangedNotificationSchema,
      PromptListChangedNotificationSchema: types.PromptListChangedNotificationSchema,
    };
  })();
  return sdkPromise;
}

interface Runtime {
  config: ResolvedServerConfig;
  state: McpServerState;
  /** Why it failed; stderr lines are added when read, since they may arrive after the exit is noticed. */
  failure?: string;
  tools: AnyTool[];
  resources: McpResourceInfo[];
  prompts: McpPromptInfo[];
  client?: Client;
  transport?: Transport;
  stderr: StderrTail;
  /** Bumped on every connect and stop, so callbacks of an older connection are ignored. */
  generation: number;
  /** Resolves when the current connect attempt has ended one way or the other. */
  connecting?: Promise<void>;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `command not found (${error.message}); check "command" and PATH`;
    if (/^MCP error -32000: Connection closed$/.test(error.message)) return 'the server closed the connection';
    return error.message || error.name;
  }
  return String(error);
}

/** Errors that mean the connection itself is gone, as opposed to the server answering with an error. */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = error.constructor?.name ?? '';
  if (name === 'McpError') return /connection closed/i.test(error.message);
  return /fetch failed|ECONNREFUSED|ECONNRESET|EPIPE|not connected|socket hang up|other side closed/i.test(`${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`);
}

export class McpManager {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  /** Closes started in the background (after a failure); stopAll waits for them so no child outlives us. */
  private readonly closing = new Set<Promise<void>>();
  private readonly connectTimeoutMs: number;
  private readonly callTimeoutMs: number;
  private started = false;

  constructor(private readonly opts: McpManagerOptions) {
    this.connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.callTimeoutMs = opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    for (const config of opts.servers) {
      this.runtimes.set(config.name, { config, state: 'pending', tools: [], resources: [], prompts: [], stderr: new StderrTail(), generation: 0 });
    }
  }

  /** Connects every server in the background; returns at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const rt of this.runtimes.values()) void this.connect(rt);
  }

  /** Adds a server later (a project server the user approved mid-session); connects it if start() ran. */
  addServer(config: ResolvedServerConfig): void {
    if (this.runtimes.has(config.name)) throw new Error(`an MCP server named "${config.name}" is already configured`);
    const rt: Runtime = { config, state: 'pending', tools: [], resources: [], prompts: [], stderr: new StderrTail(), generation: 0 };
    this.runtimes.set(config.name, rt);
    if (this.started) void this.connect(rt);
    else this.notify();
  }

  status(): McpServerStatus[] {
    return [...this.runtimes.values()].map((rt) => ({
      name: rt.config.name,
      state: rt.state,
      ...(rt.failure !== undefined ? { error: this.errorOf(rt) } : {}),
      toolCount: rt.state === 'connected' ? rt.tools.length : 0,
      transport: rt.config.transport,
    }));
  }

  /** A connected server's tool names as the server calls them (no mcp__ prefix); undefined when not connected. */
  serverToolNames(name: string): string[] | undefined {
    const rt = this.runtimes.get(name);
    if (!rt || rt.state !== 'connected') return undefined;
    const prefix = `mcp__${name}__`;
    return rt.tools.map((t) => (t.name.startsWith(prefix) ? t.name.slice(prefix.length) : t.name));
  }

  /** Every configured server's name, connected or not. */
  serverNames(): string[] {
    return [...this.runtimes.keys()];
  }

  /** Resources of connected servers, in server order (for `@server:uri` completion). */
  resources(): McpResourceInfo[] {
    return [...this.runtimes.values()].flatMap((rt) => (rt.state === 'connected' ? rt.resources : []));
  }

  /** Prompts of connected servers, in server order (slash commands /mcp__server__prompt). */
  prompts(): McpPromptInfo[] {
    return [...this.runtimes.values()].flatMap((rt) => (rt.state === 'connected' ? rt.prompts : []));
  }

  /** Reads one resource of a connected server. */
  async readResource(server: string, uri: string, signal?: AbortSignal): Promise<ReadResourceResult> {
    const rt = this.runtimes.get(server);
    if (!rt || rt.state !== 'connected' || !rt.client) throw new Error(`MCP server "${server}" is not connected${rt?.failure ? ` (${rt.failure})` : ''}; see /mcp`);
    if (!rt.client.getServerCapabilities()?.resources) throw new Error(`MCP server "${server}" offers no resources`);
    return rt.client.readResource({ uri }, { timeout: this.connectTimeoutMs, ...(signal ? { signal } : {}) });
  }

  /** Asks a connected server for a prompt's messages with these arguments. */
  async getPrompt(server: string, name: string, args: Record<string, string>, signal?: AbortSignal): Promise<GetPromptResult> {
    const rt = this.runtimes.get(server);
    if (!rt || rt.state !== 'connected' || !rt.client) throw new Error(`MCP server "${server}" is not connected${rt?.failure ? ` (${rt.failure})` : ''}; see /mcp`);
    return rt.client.getPrompt({ name, arguments: args }, { timeout: this.connectTimeoutMs, ...(signal ? { signal } : {}) });
  }

  /** Tools of connected servers only, in server order. */
  tools(): AnyTool[] {
    return [...this.runtimes.values()].flatMap((rt) => (rt.state === 'connected' ? rt.tools : []));
  }

  /** Stops the server if it runs and connects it again; resolves when the new attempt has settled. */
  async restart(name: string): Promise<void> {
    const rt = this.runtimes.get(name);
    if (!rt) throw new Error(`no MCP server named "${name}"; configured: ${[...this.runtimes.keys()].join(', ') || 'none'}`);
    this.started = true;
    await this.disconnect(rt);
    await this.connect(rt);
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.runtimes.values()].map(async (rt) => {
        await this.disconnect(rt);
        rt.state = 'stopped';
        rt.failure = undefined;
      }),
    );
    await Promise.all([...this.closing]);
    this.notify();
  }

  /** Waits until no server is pending (or the timeout passes); never rejects. */
  whenSettled(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        if ([...this.runtimes.values()].some((rt) => rt.state === 'pending')) return;
        this.waiters.delete(check);
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.waiters.add(check);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.waiters.delete(check);
          resolve();
        }, timeoutMs);
        timer.unref?.();
      }
      check();
    });
  }

  /** Called on every change of a server's state, tools, resources or prompts; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // a screen's failure is not the server's
      }
    }
    try {
      this.opts.onChange();
    } catch {
      // A listener's failure must not break the server's bookkeeping.
    }
  }

  private connect(rt: Runtime): Promise<void> {
    const promise = this.doConnect(rt);
    rt.connecting = promise;
    return promise;
  }

  private async doConnect(rt: Runtime): Promise<void> {
    const generation = ++rt.generation;
    const current = () => rt.generation === generation;
    rt.state = 'pending';
    rt.failure = undefined;
    rt.tools = [];
    rt.resources = [];
    rt.prompts = [];
    rt.stderr = new StderrTail();
    this.notify();

    let timer: NodeJS.Timeout | undefined;
    try {
      const sdk = await loadSdk();
      if (!current()) return;
      const transport = this.createTransport(sdk, rt);
      const roots = this.opts.roots;
      // Form elicitation only: a URL-mode request (open a web page) is refused by the SDK for us.
      const client = new sdk.Client(
        { name: this.opts.clientName, version: this.opts.clientVersion },
        { capabilities: { ...(roots ? { roots: { listChanged: false } } : {}), elicitation: { form: {} } } },
      );
      client.setRequestHandler(sdk.ElicitRequestSchema, (request, extra) => this.elicit(rt, request.params as ElicitRequestFormParams, extra.signal));
      if (roots) {
        client.setRequestHandler(sdk.ListRootsRequestSchema, () => ({ roots: roots.map((dir) => ({ uri: pathToFileURL(dir).href, name: path.basename(dir) || dir })) }));
      }
      rt.client = client;
      rt.transport = transport;
      client.onclose = () => {
        // During the handshake the failed request itself carries the better reason (an HTTP status, ENOENT).
        if (current() && rt.state === 'connected') this.fail(rt, generation, 'the server closed the connection');
      };
      client.onerror = (error) => {
        // A stdio error (the process could not run, its pipe broke) ends the connection; over HTTP a failed
        // background stream is not fatal by itself, and a call that cannot reach the server reports it then.
        if (current() && rt.config.transport === 'stdio' && rt.state === 'connected') this.fail(rt, generation, errorText(error));
      };
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not answer within ${Math.round(this.connectTimeoutMs / 1000)} s`)), this.connectTimeoutMs);
      });
      await Promise.race([
        (async () => {
          await client.connect(transport, { timeout: this.connectTimeoutMs });
          if (!current()) return;
          const tools = await this.listTools(rt, client);
          // A server whose resource or prompt listing fails still serves its tools.
          const [resources, prompts] = await Promise.all([
            listResources(rt.config.name, client, this.connectTimeoutMs).catch(() => []),
            listPrompts(rt.config.name, client, this.connectTimeoutMs).catch(() => []),
          ]);
          if (!current()) return;
          client.setNotificationHandler(sdk.ToolListChangedNotificationSchema, () => void this.refreshTools(rt, generation));
          client.setNotificationHandler(sdk.ResourceListChangedNotificationSchema, () => void this.refreshCatalog(rt, generation));
          client.setNotificationHandler(sdk.PromptListChangedNotificationSchema, () => void this.refreshCatalog(rt, generation));
          rt.tools = tools;
          rt.resources = resources;
          rt.prompts = prompts;
          rt.state = 'connected';
          this.notify();
          try {
            this.opts.onConnected?.(rt.config.name);
          } catch {
            // a listener's failure is not the server's
          }
        })(),
        timeout,
      ]);
    } catch (error) {
      if (current()) this.fail(rt, generation, errorText(error));
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private createTransport(sdk: Sdk, rt: Runtime): Transport {
    const custom = this.opts.customTransports?.get(rt.config.name);
    if (custom) return custom();
    const c = rt.config;
    if (c.transport === 'stdio') {
      const base = this.opts.baseEnv ?? process.env;
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
      Object.assign(env, c.env);
      const transport = new sdk.StdioClientTransport({ command: c.command, args: c.args, env, ...(c.cwd ? { cwd: c.cwd } : {}), stderr: 'pipe' });
      transport.stderr?.on('data', (chunk: Buffer | string) => rt.stderr.push(chunk));
      return transport;
    }
    const requestInit: RequestInit = { headers: c.headers };
    if (c.transport === 'http') return new sdk.StreamableHTTPClientTransport(new URL(c.url), { requestInit });
    // The SDK adds requestInit's headers to the event stream's request too.
    return new sdk.SSEClientTransport(new URL(c.url), { requestInit });
  }

  private async listTools(rt: Runtime, client: Client): Promise<AnyTool[]> {
    const infos: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.connectTimeoutMs });
      infos.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    const name = rt.config.name;
    const seen = new Set<string>();
    const tools: AnyTool[] = [];
    for (const info of infos) {
      const toolName = mcpToolName(name, info.name);
      if (seen.has(toolName)) continue; // two server names that normalise alike: the first wins
      seen.add(toolName);
      tools.push(createMcpTool(name, info, {
        callTool: (tool, args, signal, onProgress) => this.callTool(rt, tool, args, signal, onProgress),
        readResource: (uri, signal) => this.readResource(name, uri, signal),
      }));
    }
    return tools;
  }

  private async refreshTools(rt: Runtime, generation: number): Promise<void> {
    const client = rt.client;
    if (rt.generation !== generation || rt.state !== 'connected' || !client) return;
    try {
      const tools = await this.listTools(rt, client);
      if (rt.generation !== generation || rt.state !== 'connected') return;
      rt.tools = tools;
      this.notify();
    } catch {
      // Keep the previous list; a dead connection is reported through onclose.
    }
  }

  /** An elicitation/create request: the user's answer, or a decline when no one can be asked or the form is unusable. */
  private async elicit(rt: Runtime, params: ElicitRequestFormParams, signal: AbortSignal): Promise<ElicitResult> {
    const handler = this.opts.onElicitation;
    if (!handler || rt.state !== 'connected') return { action: 'decline' };
    const parsed = formFields(params.requestedSchema);
    if ('error' in parsed) return { action: 'decline' };
    const answer = await handler(rt.config.name, { message: params.message, fields: parsed.fields }, signal);
    return answer.action === 'accept' ? { action: 'accept', content: answer.content } : { action: answer.action };
  }

  private async refreshCatalog(rt: Runtime, generation: number): Promise<void> {
    const client = rt.client;
    if (rt.generation !== generation || rt.state !== 'connected' || !client) return;
    const [resources, prompts] = await Promise.all([
      listResources(rt.config.name, client, this.connectTimeoutMs).catch(() => rt.resources),
      listPrompts(rt.config.name, client, this.connectTimeoutMs).catch(() => rt.prompts),
    ]);
    if (rt.generation !== generation || rt.state !== 'connected') return;
    rt.resources = resources;
    rt.prompts = prompts;
    this.notify();
  }

  private async callTool(rt: Runtime, tool: string, args: Record<string, unknown>, signal: AbortSignal, onProgress?: (p: ToolProgress) => void): Promise<CallToolResult> {
    const client = rt.client;
    const name = rt.config.name;
    if (rt.state !== 'connected' || !client) throw serverDownError(name, rt.failure);
    const generation = rt.generation;
    const timeoutMs = rt.config.callTimeoutMs ?? this.callTimeoutMs;
    try {
      // An onprogress callback makes the SDK send _meta.progressToken; each notification also restarts the clock.
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        signal,
        timeout: timeoutMs,
        resetTimeoutOnProgress: true,
        onprogress: (p) => onProgress?.({ type: 'progress', progress: p.progress, ...(p.total !== undefined ? { total: p.total } : {}), ...(p.message !== undefined ? { message: p.message } : {}) }),
      });
      return result as CallToolResult;
    } catch (error) {
      if (signal.aborted) throw error;
      if (rt.generation !== generation || rt.state !== 'connected') throw serverDownError(name, rt.failure);
      if (isConnectionError(error)) {
        this.fail(rt, generation, errorText(error));
        throw serverDownError(name, rt.failure);
      }
      const message = errorText(error);
      if (/timed out|timeout/i.test(message)) throw new ToolError(`The MCP tool ${tool} of server "${name}" did not answer within ${Math.round(timeoutMs / 1000)} s.`);
      throw new ToolError(`The MCP server "${name}" rejected the call to ${tool}: ${message}`);
    }
  }

  private errorOf(rt: Runtime): string | undefined {
    if (rt.failure === undefined) return undefined;
    const tail = rt.stderr.lines();
    return tail.length > 0 ? `${rt.failure}\nlast stderr lines:\n${tail.join('\n')}` : rt.failure;
  }

  private fail(rt: Runtime, generation: number, message: string): void {
    // The first reason wins: a dead process also makes its pending handshake fail with a vaguer message.
    if (rt.generation !== generation || rt.state === 'failed') return;
    rt.state = 'failed';
    rt.failure = message;
    rt.tools = [];
    const client = rt.client;
    const transport = rt.transport;
    rt.client = undefined;
    rt.transport = undefined;
    // Close in the background: kills a hung child, frees an HTTP session.
    const closing = closeQuietly(client, transport).finally(() => this.closing.delete(closing));
    this.closing.add(closing);
    this.notify();
  }

  /** Ends the current connection (or the attempt in progress) and waits for its process to exit. */
  private async disconnect(rt: Runtime): Promise<void> {
    rt.generation++;
    const client = rt.client;
    const transport = rt.transport;
    const attempt = rt.connecting;
    rt.client = undefined;
    rt.transport = undefined;
    rt.tools = [];
    await closeQuietly(client, transport);
    // An attempt that was still spawning: once it settles, its transport may hold a fresh child; close that too.
    if (attempt) {
      await attempt;
      await closeQuietly(undefined, transport);
    }
  }
}

/** Closes the connection; for a stdio server also ends the processes it started (see process-tree.ts). */
async function closeQuietly(client: Client | undefined, transport: Transport | undefined): Promise<void> {
  await closeWithDescendants(stdioPid(transport), async () => {
    try {
      if (client) await client.close();
    } catch {
      // already closed
    }
    try {
      if (transport) await transport.close();
    } catch {
      // already closed
    }
  });
}

/** The pid of a stdio transport's running child; null for other transports or once it has exited. */
function stdioPid(transport: Transport | undefined): number | null {
  const pid = (transport as { pid?: unknown } | undefined)?.pid;
  return typeof pid === 'number' ? pid : null;
}
