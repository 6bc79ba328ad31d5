// MCP servers that live inside the controlling program (the Agent SDK's createSdkMcpServer): tandem's MCP client
// talks to them through the control channel, one mcp_message request per JSON-RPC message, as if over stdio.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ResolvedServerConfig } from '../mcp/config';
import type { ControlChannel } from './control-protocol';

export class SdkMcpRelay implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private closed = false;

  constructor(
    private readonly control: ControlChannel,
    readonly serverName: string,
  ) {}

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error(`the SDK MCP server ${this.serverName} is closed`);
    const isRequest = 'method' in message && 'id' in message;
    const pending = this.control.request({ subtype: 'mcp_message', server_name: this.serverName, message: message as unknown as Record<string, unknown> });
    // A request's answer comes back in the control response; notifications and our replies are only acknowledged.
    const handle = pending.then(
      (response) => {
        const reply = response.mcp_response as JSONRPCMessage | undefined;
        if (isRequest && reply && !this.closed) this.onmessage?.(reply);
      },
      (error: unknown) => {
        if (!this.closed) this.onerror?.(error as Error);
        if (isRequest && !this.closed) {
          const id = (message as { id: string | number }).id;
          this.onmessage?.({ jsonrpc: '2.0', id, error: { code: -32000, message: `the SDK MCP server ${this.serverName} did not answer: ${(error as Error).message}` } } as JSONRPCMessage);
        }
      },
    );
    if (!isRequest) await handle;
  }

  /** A message the server sent on its own (a notification, or a request to the client). */
  deliver(message: JSONRPCMessage): void {
    if (!this.closed) this.onmessage?.(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

/** The manager's record of an SDK server: user scope (the program that started tandem chose it, not a repository). */
export function sdkServerConfig(name: string): ResolvedServerConfig {
  return { name, scope: 'user', file: '(Agent SDK initialize)', configHash: '', transport: 'stdio', command: '(in-process SDK server)', args: [], env: {} };
}
