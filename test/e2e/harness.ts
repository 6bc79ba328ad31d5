// Drives the built binary the way a user does: in a pseudo-terminal (node-pty), with the screen kept by a
// headless xterm, so tests read exactly what a person would see. Also a plain spawner for `-p` runs.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import xtermHeadless from '@xterm/headless';
import * as pty from 'node-pty';
import { afterEach, beforeEach } from 'vitest';
import { startFakeServer } from '../../src/fake-server/server';
import { TrustStore } from '../../src/trust/store';
import type { FakeServer, FakeServerOptions, ScriptedTurn } from '../../src/fake-server/types';
import { makeTestTempDir } from '../support/temp-dirs';

const { Terminal } = xtermHeadless;

export const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/tandem.js');

export interface TempHome {
  home: string;
  project: string;
  cleanup(): void;
}

/**
 * A fresh TANDEM_HOME and HOME and a project folder, so tests never read or write the user's files. The project is
 * trusted already (as if the user had said yes once), so the shell does not stop at the trust question; pass
 * `trusted: false` to test that question.
 */
export function tempHome(prefix = 'tandem-e2e-', opts: { trusted?: boolean } = {}): TempHome {
  const root = makeTestTempDir(prefix);
  const home = join(root, 'home');
  const project = join(root, 'project');
  for (const dir of [home, project]) mkdirSync(dir, { recursive: true });
  if (opts.trusted !== false) trustFolder(home, project);
  // A killed tandem's git child (checkpoint warm-up) may still be writing for a moment: rm retries on ENOTEMPTY. One
  // still writing after that (a loaded machine) does not fail the test: the folder came from makeTestTempDir, whose
  // afterAll removes it once the file's tests are done.
  const cleanup = () => {
    try {
      rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      /* left for the file's afterAll */
    }
  };
  return { home, project, cleanup };
}

/** Marks `folder` trusted in the TANDEM_HOME testEnv uses for `home`. */
export function trustFolder(home: string, folder: string): void {
  TrustStore.forHome(join(home, '.tandem')).trust(folder);
}

export function testEnv(baseUrl: string, t: TempHome, extra: Record<string, string> = {}): Record<string, string> {
  // tandem's own temp folders (and the sandbox runtime's sockets) go inside the test's folder: a tandem a test
  // kills with SIGKILL cannot clean up, and its leftovers go with the test's folder instead of staying in /tmp.
  const tmp = join(dirname(t.home), 'tmp');
  mkdirSync(tmp, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: t.home,
    TANDEM_HOME: join(t.home, '.tandem'),
    ANTHROPIC_API_KEY: 'sk-ant-test-key-not-real',
    ANTHROPIC_BASE_URL: baseUrl,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    // Adds no managed file. The system's own (/etc/claude-code, /etc/tandem) are always read, as for any user: the
    // suite expects a machine without them.
    TANDEM_MANAGED_SETTINGS: '',
    TMPDIR: tmp,
    ...extra,
  };
  return env;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tandem args...` to completion (headless). */
export function runTandem(args: string[], opts: { cwd: string; env: Record<string, string>; input?: string; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tandem ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface TerminalSession {
  /** The visible screen as lines of plain text. */
  screen(): string;
  /** Everything printed so far, scrollback included. */
  all(): string;
  /** Like all(), with the rows the terminal wrapped joined back into the lines they were printed as. */
  lines(): string;
  write(data: string): void;
  /** Pastes as a terminal does: wrapped in bracketed-paste marks when the program turned that mode on. */
  paste(text: string): void;
  /**
   * Resizes the terminal as a window resize does: output received so far is drawn, the screen rewraps, then the
   * program is told.
   */
  resize(cols: number, rows: number): Promise<void>;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Raw bytes received (for counting full-screen clears). */
  raw(): string;
  /** The palette color (0-255) of the first cell of the last on-screen occurrence of `text`, or null. */
  colorOf(text: string): Promise<number | null>;
  /** The on-screen rows drawn partly in inverse video: the row's text and its inverse characters. */
  inverseRows(): Promise<Array<{ line: string; inverse: string }>>;
  exited: Promise<number>;
  kill(signal?: string): void;
  pid: number;
}

export function startTerminal(args: string[], opts: { cwd: string; env: Record<string, string>; cols?: number; rows?: number }): TerminalSession {
  const cols = opts.cols ?? 120;
  const rows = opts.rows ?? 40;
  const term = new Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  const proc = pty.spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols, rows, cwd: opts.cwd, env: opts.env });
  let raw = '';
  proc.onData((data) => {
    raw += data;
    term.write(data);
  });
  const exited = new Promise<number>((res) => proc.onExit(({ exitCode }) => res(exitCode)));
  const readLines = (from: number, to: number) => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = from; i < to; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  // The screen as it is now (after resize() too): its rows, each cut at its width (a terminal made narrower keeps
  // the cells past the new edge, unseen).
  const screen = () => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = buffer.viewportY; i < buffer.viewportY + term.rows; i++) lines.push(buffer.getLine(i)?.translateToString(true, 0, term.cols) ?? '');
    return lines.join('\n');
  };
  const all = () => readLines(0, term.buffer.active.length);
  const lines = () => {
    const buffer = term.buffer.active;
    let out = '';
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      if (!line) continue;
      out += (i > 0 && !line.isWrapped ? '\n' : '') + line.translateToString(!buffer.getLine(i + 1)?.isWrapped);
    }
    return out;
  };
  return {
    screen,
    all,
    lines,
    raw: () => raw,
    colorOf: (text) =>
      new Promise((res) => {
        term.write('', () => {
          const buffer = term.buffer.active;
          for (let y = buffer.viewportY + rows - 1; y >= buffer.viewportY; y--) {
            const line = buffer.getLine(y);
            const x = line?.translateToString(true).indexOf(text) ?? -1;
            if (line && x >= 0) {
              const cell = line.getCell(x);
              return res(cell && cell.isFgPalette() ? cell.getFgColor() : null);
            }
          }
          res(null);
        });
      }),
    inverseRows: () =>
      new Promise((res) => {
        term.write('', () => {
          const buffer = term.buffer.active;
          const out: Array<{ line: string; inverse: string }> = [];
          for (let y = buffer.viewportY; y < buffer.viewportY + rows; y++) {
            const line = buffer.getLine(y);
            if (!line) continue;
            let inverse = '';
            for (let x = 0; x < line.length; x++) {
              const cell = line.getCell(x);
              if (cell?.isInverse()) inverse += cell.getChars() || ' ';
            }
            if (inverse) out.push({ line: line.translateToString(true), inverse });
          }
          res(out);
        });
      }),
    write: (data) => proc.write(data),
    paste: (text) => {
      const body = text.replace(/\r?\n/g, '\r');
      proc.write(term.modes.bracketedPasteMode ? `\x1b[200~${body}\x1b[201~` : body);
    },
    resize: (cols, rows) =>
      new Promise<void>((res) => {
        term.write('', () => {
          term.resize(cols, rows);
          proc.resize(cols, rows);
          res();
        });
      }),
    pid: proc.pid,
    exited,
    kill: (signal = 'SIGTERM') => {
      try {
        proc.kill(signal);
      } catch {
        // already gone
      }
    },
    waitFor: (text, timeoutMs = 10_000) =>
      new Promise<void>((res, rej) => {
        const started = Date.now();
        const check = () => {
          // xterm parses asynchronously: flush pending writes before reading.
          term.write('', () => {
            const content = all();
            const found = typeof text === 'string' ? content.includes(text) : text.test(content);
            if (found) return res();
            if (Date.now() - started > timeoutMs) return rej(new Error(`timed out waiting for ${String(text)}\n--- screen ---\n${screen()}`));
            setTimeout(check, 40);
          });
        };
        check();
      }),
  };
}

export const KEYS = {
  enter: '\r',
  esc: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlO: '\x0f',
  ctrlT: '\x14',
  shiftTab: '\x1b[Z',
  tab: '\t',
  backspace: '\x7f',
};

/**
 * A fresh temp home and project per test, and the fake API server the test starts with `serve`; both are
 * cleaned up after each test.
 */
export function useWorkspace() {
  const ws = {
    t: undefined as unknown as TempHome,
    server: undefined as FakeServer | undefined,
    async serve(opts: FakeServerOptions | ScriptedTurn[]): Promise<FakeServer> {
      ws.server = await startFakeServer(Array.isArray(opts) ? { turns: opts } : opts);
      return ws.server;
    },
  };
  beforeEach(() => {
    ws.t = tempHome();
  });
  afterEach(async () => {
    await ws.server?.close();
    ws.server = undefined;
    ws.t.cleanup();
  });
  return ws;
}
