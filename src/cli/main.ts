// The CLI entry (bundled into dist/cli.js). It decides between a subcommand, headless `-p` and the interactive
// shell, and imports each path's heavy modules only when that path is taken.
import { HELP, UsageError, formatProblem, ignoredFlagWarnings, parseArgs } from './args';
import { sweepStaleTempDirs } from '../process/owned-temp-dir';
import { exitOnEndingSignals } from './signals';

async function main(): Promise<number> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`tandem: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (options.version) {
    const { version } = await import('./version');
    process.stdout.write(`${version()} (tandem)\n`);
    return 0;
  }
  const io = { stdout: (s: string) => void process.stdout.write(s), stderr: (s: string) => void process.stderr.write(s), cwd: process.cwd(), env: process.env };
  if (options.command) {
    switch (options.command.name) {
      case 'agents': {
        const { runAgentsCommand } = await import('./agents-command');
        return runAgentsCommand(options.command.argv, io);
      }
      case 'checkpoints': {
        const { runCheckpointsCommand } = await import('./checkpoints-command');
        const { confirmOnTerminal } = await import('./confirm');
        return runCheckpointsCommand(options.command.argv, { ...io, confirm: confirmOnTerminal });
      }
      case 'mcp': {
        const { runMcpCommand } = await import('../mcp/cli');
        return runMcpCommand(options.command.argv, io);
      }
      case 'trust': {
        const { runTrustCommand } = await import('../trust/command');
        return runTrustCommand(options.command.argv, io);
      }
      case 'export': {
        const { runExportCommand } = await import('./export-command');
        return runExportCommand(options.command.argv, io);
      }
      case 'plugin':
      case 'plugins': {
        const { runPluginCommand } = await import('../plugins/cli');
        return runPluginCommand(options.command.argv, io);
      }
      case 'doctor': {
        const { runDoctorCommand } = await import('./doctor-command');
        return runDoctorCommand(options.command.argv, io);
      }
      case 'fake-server': {
        const { runFakeServerCli } = await import('../fake-server/cli');
        await runFakeServerCli(options.command.argv);
        return -1; // keeps running until killed
      }
    }
  }
  // A session from here on: a signal ends it through the exit handlers, and folders left by killed sessions go.
  exitOnEndingSignals();
  void sweepStaleTempDirs();
  if (options.print || options.inputFormat === 'stream-json') {
    // The reader of the output went away (`tandem -p ... | head -1`): stop quietly, as command-line tools do,
    // instead of dying on an unhandled EPIPE with a stack trace.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
    const problem = formatProblem(options);
    if (problem) {
      process.stderr.write(`Error: ${problem}\n`);
      return 1;
    }
    for (const warning of ignoredFlagWarnings(options)) process.stderr.write(`tandem: ${warning}\n`);
  }
  if (options.inputFormat === 'stream-json') {
    const { runStreamMode } = await import('./run-stream');
    return runStreamMode(options);
  }
  if (options.print) {
    const { runPrintMode } = await import('./run-print');
    return runPrintMode(options);
  }
  const { runInteractiveMode } = await import('./run-interactive');
  return runInteractiveMode(options);
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`tandem: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
