// The interactive shell: checks the terminal, starts the session (and the demo server with --demo), hands over
// to the Ink UI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { CliOptions } from './args';
import type { Bootstrapped } from './bootstrap';
import { StartupError } from './bootstrap-errors';
import { findLocations } from './project';
import type { ShellSession } from '../ui/run';
import { version } from './version';
import { QuitAtTrustQuestion, TrustAsker } from '../trust/question';
import { sanitize } from '../text/sanitize';
import { makeOwnedTempDir } from '../process/owned-temp-dir';

/** How long after the session is built the SDK is loaded: after the ready frame, before a person can type. */
const WARM_UP_DELAY_MS = 150;

/**
 * The shell runs for hours. Under a streaming answer's allocation rate V8 grows its young generation from 1 MB to
 * 16 MB semi-spaces and keeps them: measured, RSS grew 88 -> 110 MB over the first answer and 15 % more over the
 * second. Held at its starting size, RSS stays flat and rendering costs no measurable CPU more (more, smaller
 * scavenges). V8 reads this factor each time it would grow the space, so it can be set here, after start-up.
 */
function holdYoungGenerationSize(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

export async function runInteractiveMode(cli: CliOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'tandem: the interactive shell needs a terminal. For scripts and pipes use headless mode: tandem -p "prompt" (the prompt may also come on stdin).\n',
    );
    return 2;
  }
  holdYoungGenerationSize();
  let cwd = process.cwd();
  const env = process.env;
  let stopDemo: (() => Promise<void>) | undefined;
  let boot: Bootstrapped | undefined;
  const trustAsker = new TrustAsker();

  // Startup order (issue #4): the Ink shell is imported and drawn first; the engine (bootstrap and everything it
  // imports) is loaded and built after that first frame and handed to the shell as a promise. `findLocations` is
  // cheap and only needed here for the history file.
  const buildSession = async (): Promise<ShellSession> => {
    await new Promise((resolve) => setImmediate(resolve)); // let the first frame out before loading the engine
    // A resumed conversation is what the user looks at first: it is drawn before the engine's modules load and
    // compete for the same thread (a log that cannot be read is reported by bootstrap below).
    if (resumedEarly && (await resumedEarly)) {
      await Promise.race([resumedShown, new Promise((resolve) => setTimeout(resolve, 1000))]);
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    }
    let client;
    if (cli.demo) {
      // The demo edits a scratch folder, never the user's project; the folder goes when tandem ends.
      const demoDir = makeOwnedTempDir('demo');
      const { DEMO_FILE, DEMO_FILE_TEXT, demoRespond } = await import('../demo/demo-script');
      writeFileSync(join(demoDir, DEMO_FILE), DEMO_FILE_TEXT);
      cwd = demoDir;
      const { startFakeServer } = await import('../fake-server/server');
      const server = await startFakeServer({ respond: (req) => demoRespond(req) });
      stopDemo = () => server.close();
      const { createAnthropicClient } = await import('../model/anthropic-client');
      client = createAnthropicClient({ apiKey: 'demo-key', baseURL: server.url });
    }
    // Folder trust is settled before bootstrap: nothing the project ships (SessionStart hooks, MCP servers) may start
    // before the user said yes. The demo's scratch folder is tandem's own; --trust answers for this run.
    let trusted: boolean | undefined = cli.demo || cli.trust ? true : undefined;
    let trustNotice: string | undefined;
    if (trusted === undefined) {
      const { settleFolderTrust } = await import('../trust/ask');
      ({ trusted, notice: trustNotice } = await settleFolderTrust(findLocations(cwd, env), trustAsker));
    }
    const { bootstrap } = await import('./bootstrap');
    boot = await bootstrap(cli, { interactive: true, env, cwd, client, trusted, resumeState });
    const notices = boot.notices.filter((n) => n.level !== 'info' || cli.demo).map((n) => n.message);
    if (trustNotice) notices.push(trustNotice);
    if (cli.demo) notices.push(`demo mode: a scripted model on 127.0.0.1, working in ${cwd}. Type anything and press Enter to start the tour.`);
    if (boot.resumed) notices.push(`resumed session ${boot.resumed.sessionId} (${boot.resumed.messages.length} messages)`);
    const { loadCustomCommands } = await import('../session/custom-commands');
    const { extraCommands } = await import('./repl-commands');
    const { trustSlashCommand } = await import('../trust/ask');
    const { createRewindApi } = await import('./rewind');
    const { withSkillCommands } = await import('./skill-commands');
    const { prepareCustomCommand } = await import('../session/command-prepare');
    const { pluginCommandSources } = await import('../plugins/contributions');
    const { pluginsSlashCommand } = await import('../plugins/describe');
    const { BUILTIN_COMMANDS } = await import('../ui/commands/builtin');
    const extras = [...extraCommands(boot), trustSlashCommand(boot.locations, boot.trust.trusted)];
    // A plugin's /clear or /init must not hide behind the shell's own: it takes the name plugin:clear instead.
    const reserved = [...BUILTIN_COMMANDS.map((c) => c.name), 'quit', 'plugins', 'skills', ...extras.map((c) => c.name)];
    const custom = await loadCustomCommands({ cwd: boot.locations.cwd, projectRoot: boot.locations.projectRoot, tandemHome: boot.locations.tandemHome, homeDir: boot.locations.homeDir, trusted: boot.trust.trusted, plugins: pluginCommandSources(boot.plugins), reserved });
    notices.push(...custom.warnings);
    // Once the shell is drawn and waits for the user, do what the first request would: load the SDK (0.2 s) and
    // turn the tools' input schemas into JSON Schema. The first prompt then starts at once.
    const { client: sessionClient, session } = boot;
    const ready = boot;
    const warmUp = async () => {
      await sessionClient.warmUp?.();
      session.requestShape();
      const { warmMarkdown } = await import('../ui/markdown/render');
      warmMarkdown();
    };
    setTimeout(() => void warmUp().catch(() => undefined), WARM_UP_DELAY_MS).unref();
    return {
      controller: boot.session,
      startupNotices: notices,
      customCommands: custom.commands.map((c) => ({
        name: c.name,
        description: c.description,
        argumentHint: c.argumentHint,
        expand: (args: string) => c.expand(args),
        prepare: (args: string) => prepareCustomCommand(c, args, { policy: ready.policy, mode: ready.session.info().mode, cwd: ready.session.info().cwd, projectRoot: ready.locations.projectRoot }),
      })),
      extraCommands: withSkillCommands([...extras, pluginsSlashCommand(boot, custom.commands)], custom.commands.map((c) => c.name), boot.skills, boot.trust.trusted),
      dynamicCommands: (await import('./mcp-commands')).mcpDynamicCommands(boot.mcp.manager),
      rewind: createRewindApi(boot),
      // Without git there are no checkpoints: /rewind cannot restore files. Said once at start and kept in view.
      statusNote: [boot.trust.trusted ? undefined : 'untrusted folder (/trust)', boot.checkpoints ? undefined : 'checkpoints off (no git)'].filter(Boolean).join(' · ') || undefined,
      resumedMessages: boot.resumed?.messages,
      initialPrompt: cli.prompt,
    };
  };

  if (cli.resume === '') {
    // The picker is a plain prompt on the terminal, so it runs before Ink takes the keyboard.
    const { pickSessionId } = await import('./resume');
    try {
      const id = await pickSessionId(findLocations(cwd, env));
      if (id === 'quit') return 0;
      if (id) cli.resume = id;
      else {
        process.stderr.write('tandem: no earlier session in this project; starting a new one\n');
        cli.resume = undefined;
      }
    } catch (error) {
      if (error instanceof StartupError) {
        process.stderr.write(`tandem: ${sanitize(error.message)}\n`);
        return 2;
      }
      throw error;
    }
  }

  // A resumed session's log is read and parsed once, starting now: the shell prints the conversation from it as
  // soon as Ink has drawn, while the session (the slow part of start-up) is built from the same state.
  const resumeState =
    !cli.demo && (cli.continueLatest || cli.resume !== undefined)
      ? import('./resume').then(({ loadResumeState }) => loadResumeState(cli, findLocations(cwd, env)))
      : undefined;
  // A log that cannot be read is reported by bootstrap, which awaits the same promise; the shell just shows nothing.
  const resumedEarly = resumeState?.then(
    (r) => r.messages,
    () => undefined,
  );
  let onResumedShown = (): void => undefined;
  const resumedShown = new Promise<void>((resolve) => (onResumedShown = resolve));

  // The prompt shows before Ink loads; what is typed meanwhile is handed to the shell.
  const { drawEarlyFrame } = await import('./early-frame');
  const early = drawEarlyFrame({ version: version(), stdin: process.stdin, stdout: process.stdout, noColor: Boolean(env.NO_COLOR) });
  const { importWithoutFetch } = await import('./import-without-fetch');
  const { runInteractive } = await importWithoutFetch(() => import('../ui/run'));
  const typed = early.release();
  const where = findLocations(cwd, env);
  try {
    await runInteractive({
      initialInput: typed.pending || undefined,
      earlyPrompt: typed.submitted,
      version: version(),
      historyFile: join(where.tandemHome, 'history.jsonl'),
      historyProject: where.projectRoot,
      noColor: Boolean(env.NO_COLOR),
      session: buildSession(),
      resumedEarly,
      onResumedShown: () => onResumedShown(),
      trust: trustAsker,
    });
    const { exitNote } = await import('./exit-note');
    const note = boot ? exitNote(boot) : null;
    if (note) process.stdout.write(note + '\n');
  } catch (error) {
    if (error instanceof QuitAtTrustQuestion) {
      // Nothing was built; let go of the terminal so the process can end.
      process.stdin.setRawMode?.(false);
      process.stdin.pause();
      process.stdin.unref?.();
      return 0;
    }
    if (error instanceof StartupError) {
      process.stderr.write(`tandem: ${sanitize(error.message)}\n`);
      return 2;
    }
    throw error;
  } finally {
    await boot?.close();
    await stopDemo?.();
  }
  return 0;
}
