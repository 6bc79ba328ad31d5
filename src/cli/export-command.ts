// `tandem export [SESSION] [--format claude|tandem] [--output FILE]`: one session of the project the command runs
// in, written out as Claude Code's transcript lines (for scripts written against those) or as tandem's own log.
import { writeFile } from 'node:fs/promises';
import { readTranscript, sessionById, listSessions, latestSession, skippedNotice, type SessionSummary } from '../session/transcript-store';
import { toClaudeLines } from '../session/claude-export';
import { findLocations } from './project';
import { version } from './version';

export interface ExportIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const HELP = `Usage:
  tandem export [SESSION] [--format claude|tandem] [--output FILE]

Writes one session of this project as JSON lines (the latest when SESSION is left out; an id or its first
characters picks another: tandem --resume lists them).
  --format claude   (default) the lines Claude Code keeps in ~/.claude/projects: type "user"/"assistant",
                    message, uuid, parentUuid, isSidechain, timestamp, sessionId, cwd, plus "summary" and
                    "system" compact_boundary lines where the conversation was compacted
  --format tandem   tandem's own log, entry by entry, as stored
  --output FILE     write to FILE instead of standard output (an existing FILE is never overwritten)
`;

type Format = 'claude' | 'tandem';

interface ExportArgs {
  session?: string;
  format: Format;
  output?: string;
}

function parseExportArgs(argv: string[]): ExportArgs | { help: true } | { error: string } {
  const args: ExportArgs = { format: 'claude' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '-h' || flag === '--help') return { help: true };
    if (flag === '--format' || flag === '-f') {
      const format = value();
      if (format !== 'claude' && format !== 'tandem') return { error: `--format must be claude or tandem (got ${format === undefined ? 'nothing' : `"${format}"`})` };
      args.format = format;
    } else if (flag === '--output' || flag === '-o') {
      const file = value();
      if (!file) return { error: `${flag} needs a file name` };
      args.output = file;
    } else if (flag.startsWith('-')) {
      return { error: `unknown option ${flag}` };
    } else if (args.session === undefined) {
      args.session = flag;
    } else {
      return { error: `one session at a time (got "${args.session}" and "${flag}")` };
    }
  }
  return args;
}

async function findSession(where: { tandemHome: string; projectRoot: string }, wanted: string | undefined): Promise<SessionSummary | string> {
  if (wanted === undefined) return (await latestSession(where)) ?? 'there is no session in this project yet';
  const exact = await sessionById(where, wanted);
  if (exact) return exact;
  const matches = (await listSessions(where)).filter((s) => s.sessionId.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) return `"${wanted}" starts ${matches.length} session ids; give more of it`;
  return `no session ${wanted} in this project (tandem --resume lists them)`;
}

export async function runExportCommand(argv: string[], io: ExportIo): Promise<number> {
  const parsed = parseExportArgs(argv);
  if ('help' in parsed) {
    io.stdout(HELP);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`tandem export: ${parsed.error}\n${HELP}`);
    return 2;
  }
  const locations = findLocations(io.cwd, io.env);
  const session = await findSession({ tandemHome: locations.tandemHome, projectRoot: locations.projectRoot }, parsed.session);
  if (typeof session === 'string') {
    io.stderr(`tandem export: ${session}\n`);
    return 1;
  }
  let read;
  try {
    read = await readTranscript(session.path);
  } catch (error) {
    io.stderr(`tandem export: could not read ${session.path}: ${(error as Error).message}\n`);
    return 1;
  }
  for (const warning of skippedNotice(`the session log ${session.path}`, read.skipped)) io.stderr(`tandem export: ${warning}\n`);

  const records: unknown[] =
    parsed.format === 'claude' ? toClaudeLines(read.entries, { sessionId: session.sessionId, version: version(), cwd: locations.cwd }) : read.entries;
  const text = records.map((r) => JSON.stringify(r)).join('\n') + (records.length > 0 ? '\n' : '');
  if (parsed.output === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    await writeNew(parsed.output, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(`tandem export: ${code === 'EEXIST' ? `${parsed.output} already exists; choose another name or remove it first` : `could not write ${parsed.output}: ${(error as Error).message}`}\n`);
    return 1;
  }
  io.stderr(`tandem export: session ${session.sessionId} written to ${parsed.output} (${records.length} lines, ${parsed.format} format)\n`);
  return 0;
}

/** Creates `file` (never replacing one) and writes `text` into it. */
function writeNew(file: string, text: string): Promise<void> {
  return writeFile(file, text, { flag: 'wx', mode: 0o600 });
}
