// `tandem fake-server [--script FILE] [--port N]`: runs the fake API by hand, for manual testing.
// The script is JSON: an array of turns or {"turns": [...]} (see ScriptedTurn; `matchSystem` stands in for
// `match`, and replay paths are read relative to the script file). Without a script every request is answered
// by echoing the last user message, so any client can be pointed at it.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startFakeServer } from './server';
import type { FakeServer, LoggedRequest, ScriptedTurn } from './types';

const USAGE = 'usage: tandem fake-server [--script FILE.json] [--port N]';

function parseArgs(argv: string[]): { script?: string; port?: number } {
  const out: { script?: string; port?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--script' && value) {
      out.script = value;
      i++;
    } else if (arg === '--port' && value) {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port wants a number 0-65535, got "${value}". ${USAGE}`);
      out.port = port;
      i++;
    } else {
      throw new Error(`unknown argument "${arg}". ${USAGE}`);
    }
  }
  return out;
}

async function loadScript(file: string): Promise<ScriptedTurn[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`could not read the script ${file}: ${(err as Error).message}`);
  }
  const turns = Array.isArray(parsed) ? parsed : (parsed as { turns?: unknown })?.turns;
  if (!Array.isArray(turns)) throw new Error(`the script ${file} must be a JSON array of turns or {"turns": [...]}`);
  const dir = path.dirname(path.resolve(file));
  return (turns as ScriptedTurn[]).map((t) => ({
    ...t,
    ...(t.replay ? { replay: path.resolve(dir, t.replay) } : {}),
    ...(t.replayJson ? { replayJson: path.resolve(dir, t.replayJson) } : {}),
  }));
}

function echo(req: LoggedRequest): ScriptedTurn {
  const messages: Array<{ role: string; content: unknown }> = Array.isArray(req.body?.messages) ? req.body.messages : [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const said =
    typeof last?.content === 'string'
      ? last.content
      : Array.isArray(last?.content)
        ? (last.content as Array<{ type: string; text?: string }>)
            .filter((b) => b.type === 'text')
            .map((b) => b.text)
            .join('\n')
        : '';
  return { text: `fake server: you said "${said}"`, deltaDelayMs: 15 };
}

/**
 * Starts the server, prints its URL, and keeps the process alive until SIGINT/SIGTERM closes it. A bad argument
 * or script is reported on stderr with exit code 2 (and resolves to undefined), never as a stack trace.
 */
export async function runFakeServerCli(argv: string[]): Promise<FakeServer | undefined> {
  let args: { script?: string; port?: number };
  let turns: ScriptedTurn[] | undefined;
  try {
    args = parseArgs(argv);
    turns = args.script ? await loadScript(args.script) : undefined;
  } catch (err) {
    process.stderr.write(`tandem fake-server: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return undefined;
  }
  let server: FakeServer;
  try {
    server = await startFakeServer({
      ...(turns ? { turns } : { respond: echo }),
      ...(args.port !== undefined ? { port: args.port } : {}),
      keepAlive: true,
    });
  } catch (err) {
    process.stderr.write(`tandem fake-server: could not listen on 127.0.0.1:${args.port ?? 0}: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return undefined;
  }
  process.stdout.write(
    `${server.url}\n` +
      `fake Anthropic API listening; point tandem at it with:\n` +
      `  ANTHROPIC_BASE_URL=${server.url} ANTHROPIC_API_KEY=fake tandem\n`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}
