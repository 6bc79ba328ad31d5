// The interactive shell: checks the terminal, starts the session (and the demo server with --demo), hands over
// to the Ink UI.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliOptions } from './args';
import { StartupError, bootstrap } from './bootstrap';
import { version } from './version';

export async function runInteractiveMode(cli: CliOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'tandem: the interactive shell needs a terminal. For scripts and pipes use headless mode: tandem -p "prompt" (the prompt may also come on stdin).\n',
    );
    return 2;
  }
  let cwd = process.cwd();
  const env = process.env;
  let stopDemo: (() => Promise<void>) | undefined;
  let client;
  if (cli.demo) {
    // The demo edits a scratch folder, never the user's project.
    const demoDir = mkdtempSync(join(tmpdir(), 'tandem-demo-'));
    const { DEMO_FILE, DEMO_FILE_TEXT, demoRespond } = await import('../demo/demo-script');
    writeFileSync(join(demoDir, DEMO_FILE), DEMO_FILE_TEXT);
    cwd = demoDir;
    const { startFakeServer } = await import('../fake-server/server');
    const server = await startFakeServer({ respond: (req) => demoRespond(req) });
    stopDemo = () => server.close();
    const { createAnthropicClient } = await import('../model/anthropic-client');
    client = createAnthropicClient({ apiKey: 'demo-key', baseURL: server.url });
  }

  let boot;
  try {
    boot = await bootstrap(cli, { interactive: true, env, cwd, client });
  } catch (error) {
    await stopDemo?.();
    if (error instanceof StartupError) {
      process.stderr.write(`tandem: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const notices = boot.notices.filter((n) => n.level !== 'info' || cli.demo).map((n) => n.message);
  if (cli.demo) notices.push(`demo mode: a scripted model on 127.0.0.1, working in ${cwd}. Type anything and press Enter to start the tour.`);
  if (boot.resumed) notices.push(`resumed session ${boot.resumed.sessionId} (${boot.resumed.messages.length} messages)`);

  const { runInteractive } = await import('../ui/run');
  const { loadCustomCommands } = await import('../session/custom-commands');
  const { extraCommands } = await import('./repl-commands');
  const custom = await loadCustomCommands({ cwd: boot.locations.cwd, projectRoot: boot.locations.projectRoot, tandemHome: boot.locations.tandemHome, homeDir: boot.locations.homeDir });
  notices.push(...custom.warnings);
  try {
    await runInteractive({
      controller: boot.session,
      version: version(),
      startupNotices: notices,
      historyFile: join(boot.locations.tandemHome, 'history.jsonl'),
      noColor: Boolean(env.NO_COLOR),
      customCommands: custom.commands.map((c) => ({ name: c.name, description: c.description, argumentHint: c.argumentHint, expand: (args: string) => c.expand(args) })),
      extraCommands: extraCommands(boot),
    });
  } finally {
    await boot.close();
    await stopDemo?.();
  }
  return 0;
}
