// Shared bits for the MCP tests: fixture paths, server configs, a minimal tool context, process liveness.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedServerConfig } from '../../src/mcp/config';
import type { AnyTool, ToolContext } from '../../src/tools/types';
import { makeTestTempDir } from '../support/temp-dirs';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/mcp');
export const ECHO_SERVER = path.join(FIXTURES, 'echo-server.mjs');
export const HTTP_SERVER = path.join(FIXTURES, 'http-server.mjs');

export function tempDir(prefix = 'tandem-mcp-'): string {
  return makeTestTempDir(prefix);
}

export function stdioServer(name: string, env: Record<string, string> = {}, command = process.execPath, args = [ECHO_SERVER]): ResolvedServerConfig {
  return { name, scope: 'user', file: '/test/settings.json', configHash: 'h', transport: 'stdio', command, args, env };
}

export function httpServer(name: string, url: string, headers: Record<string, string> = {}): ResolvedServerConfig {
  return { name, scope: 'user', file: '/test/settings.json', configHash: 'h', transport: 'http', url, headers };
}

export function toolContext(signal: AbortSignal = new AbortController().signal): ToolContext {
  return { signal } as unknown as ToolContext;
}

export function findTool(tools: AnyTool[], name: string): AnyTool {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}; have ${tools.map((t) => t.name).join(', ')}`);
  return tool;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Alive and not a zombie. Orphans are adopted by pid 1, which in some containers never reaps them, so a killed
 * orphan can stay a zombie that `process.kill(pid, 0)` still finds. */
export function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const stat = procStat(pid);
  return stat === null || (stat.state !== 'Z' && stat.state !== 'X');
}

/** The parent pid, from /proc (Linux) or ps. */
export function parentOf(pid: number): number {
  const stat = procStat(pid);
  if (stat) return stat.ppid;
  return Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
}

function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

export function readPids(file: string): number[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
