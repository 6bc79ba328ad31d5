// Headless mode: `tandem -p "prompt"` (or the prompt on stdin).
import { staleMcpToolWarnings } from '../agents/mcp-tools-check';
import type { CliOptions } from './args';
import { StartupError, bootstrap } from './bootstrap';
import { runHeadless } from './headless';
import { watchBudget } from './budget';
import { sanitize, sanitizeLine } from '../text/sanitize';
import { expandHeadlessSlash } from './headless-slash';
import { initInfoOf } from './stream-json';
import { claimSignals } from './signals';

export async function runPrintMode(cli: CliOptions): Promise<number> {
  let prompt = cli.prompt;
  if (!process.stdin.isTTY) {
    const piped = await readStdin();
    if (piped.trim()) prompt = prompt ? `${prompt}\n\n${piped}` : piped;
  }
  if (!prompt?.trim()) {
    process.stderr.write('tandem: -p needs a prompt: tandem -p "what to do", or pipe it on stdin\n');
    return 2;
  }
  let boot;
  try {
    boot = await bootstrap(cli, { interactive: false, env: process.env, cwd: process.cwd(), wantRawEvents: cli.includePartialMessages });
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`tandem: ${sanitize(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  // Notices carry outside text (settings values, hook and MCP messages): sanitised on their way to the terminal.
  for (const notice of boot.notices) if (notice.level !== 'info') process.stderr.write(`tandem: ${sanitize(notice.message)}\n`);
  const { session } = boot;
  // Headless has no later turn to pick up a slow server's tools: wait for the servers once, briefly.
  await boot.mcp.manager.whenSettled(15_000);
  for (const server of boot.mcp.manager.status()) {
    if (server.state === 'failed') process.stderr.write(`tandem: MCP server ${sanitizeLine(server.name)} failed: ${sanitize(server.error ?? 'unknown error')}\n`);
  }
  // `tandem -p "/review src"` runs the custom command (or skill) as the REPL would.
  const slash = await expandHeadlessSlash(prompt, boot);
  for (const note of slash.notes) process.stderr.write(`tandem: ${sanitize(note)}\n`);
  for (const warning of staleMcpToolWarnings(boot.session.currentAgent, (name) => boot.mcp.manager.serverToolNames(name))) process.stderr.write(`tandem: ${sanitize(warning)}\n`);
  const onSignal = () => session.abort();
  const releaseSignals = claimSignals(['SIGINT', 'SIGTERM'], onSignal);
  try {
    return await runHeadless(
      session,
      slash.prompt,
      {
        turn: slash.turn,
        format: cli.outputFormat,
        includePartial: cli.includePartialMessages,
        verbose: cli.verbose,
        budget: cli.maxBudgetUsd !== undefined ? watchBudget(session, boot.costs, cli.maxBudgetUsd) : undefined,
        init: initInfoOf(boot, slash.names),
      },
      { stdout: process.stdout, stderr: process.stderr },
    );
  } finally {
    releaseSignals();
    await boot.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
