// Which files loadMemory may read into the system prompt. Memory is read outside the sandbox at the start of every
// session, and a sandboxed command (or any process) can write CLAUDE.md inside the project: without this check a
// line `@~/.ssh/id_rsa` would send the key to the model, the very read the sandbox and the Read deny rules stop.
//
// A path is judged as written and as the OS resolves it (permissions/resolve-path.ts: symlinks on every prefix,
// `..` after a link), like deny rules are. Read rules are matched by the permission policy's own ReadGuard, never
// by a second matcher here.
//
// What a path cannot show: a hard link inside the project to ~/.ssh/id_rsa has its own name and no link to follow.
// Making one needs the user (a sandboxed command cannot: the secret folders are masked inside the sandbox, so `ln`
// finds nothing to link, and a link cannot cross into the masking mount). For the secret folders and tandem's own
// folder the loader also compares the file it opened (device and inode) with the files in those folders, which
// catches such a link there. A hard link to a file only a Read rule covers cannot be told apart at all.
// A file swapped for a symlink between the check and the open is caught by judging the opened descriptor's own
// path again (/proc/self/fd on Linux; elsewhere only the inode comparison above covers that race).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ReadGuard } from '../permissions/read-guard';
import { isInside, realPathOf, resolvePath } from '../permissions/resolve-path';
import { DEFAULT_DENY_READ } from '../sandbox/boundary';
import { parseSandboxSettings } from '../sandbox/settings';
import { readRegular, type RegularRead } from '../tools/regular-file';

export type GuardedRead = RegularRead | { kind: 'refused'; why: string };

/** The memory files tandem keeps in $TANDEM_HOME (loadMemory reads them); everything else there stays out. */
export const TANDEM_HOME_MEMORY_FILES = ['AGENTS.md'];

export interface MemoryReadLimits {
  /** The permission policy's Read rules (RulePolicy.readGuard(projectRoot)). */
  readGuard?: ReadGuard;
  /** `sandbox.filesystem.denyRead` from the settings, as written (applies whether or not the sandbox is on). */
  sandboxDenyRead?: string[];
}

export interface MemoryReadContext {
  homeDir: string;
  tandemHome: string;
  projectRoot: string;
  limits?: MemoryReadLimits;
}

/** A folder never read, as written and as resolved, with the words for the message. */
interface Fence {
  lexical: string;
  real: string;
  why: string;
  /** Files allowed inside it (tandem's own memory files), as written and as resolved. */
  except: string[];
}

const GLOB = /[*?[\]{}]/;

function fenceOf(p: string, base: string, homeDir: string, why: string, except: string[] = []): Fence {
  const r = resolvePath(p, base, homeDir);
  return { lexical: r.lexical, real: r.real, why, except };
}

export class MemoryReadGuard {
  private readonly fences: Fence[];
  private readonly secretFolders: string[];
  private secretInodes: Set<string> | undefined;

  constructor(private readonly ctx: MemoryReadContext) {
    const { homeDir, tandemHome, projectRoot } = ctx;
    const secrets = DEFAULT_DENY_READ.map((p) => fenceOf(p, projectRoot, homeDir, `it is in a secret folder tandem never reads (${p})`));
    const home = fenceOf(tandemHome, projectRoot, homeDir, "it is in tandem's own folder (credentials, sessions), which memory never reads");
    home.except = TANDEM_HOME_MEMORY_FILES.flatMap((name) => [path.join(home.lexical, name), path.join(home.real, name)]);
    const sandbox = (ctx.limits?.sandboxDenyRead ?? []).map((entry) => {
      // A glob entry: everything below its fixed prefix stays out (wider than the glob, never narrower).
      const parts = entry.split('/');
      const firstGlob = parts.findIndex((part) => GLOB.test(part));
      const literal = firstGlob < 0 ? entry : parts.slice(0, firstGlob).join('/') || '/';
      return fenceOf(literal, projectRoot, homeDir, `the sandbox's filesystem.denyRead setting covers it (${entry})`);
    });
    this.fences = [...secrets, home, ...sandbox];
    this.secretFolders = [...new Set([...secrets, home].flatMap((f) => [f.lexical, f.real]))];
  }

  /** Why `absPath` must not be read into memory (a clause: "it is in ..."), or undefined when it may. */
  refusal(absPath: string): string | undefined {
    const p = resolvePath(absPath, '/', this.ctx.homeDir);
    if (p.unresolvable !== undefined) return `its real place cannot be known (${p.unresolvable})`;
    for (const fence of this.fences) {
      const hit = (at: string) => (isInside(at, fence.lexical) || isInside(at, fence.real)) && !fence.except.some((e) => isInside(at, e));
      if (hit(p.lexical) || hit(p.real)) return fence.why;
    }
    const rule = this.ctx.limits?.readGuard?.blockingReadRule(p.lexical);
    if (rule) {
      return rule.behavior === 'deny' ? `a Read deny rule covers it (${rule.rule})` : `a Read ask rule covers it (${rule.rule}), and memory is read without asking`;
    }
    return undefined;
  }

  /**
   * The one way memory is read: refusal() before the open; then, on the opened descriptor, its real path (Linux:
   * /proc/self/fd) is judged again and its inode compared with the secret folders' files, so a file swapped for a
   * link between the check and the open is caught. Never blocks on a FIFO (regular-file.ts).
   */
  async read(absPath: string): Promise<GuardedRead> {
    const why = this.refusal(absPath);
    if (why !== undefined) return { kind: 'refused', why };
    return readRegular(absPath, async (handle, stat): Promise<GuardedRead | undefined> => {
      const opened = await fsp.readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
      const knownPath = opened?.startsWith('/') ? opened.replace(/ \(deleted\)$/, '') : undefined;
      // The inode walk costs a listing of the secret folders: needed for a hard link (nlink > 1), or for the swap
      // race where the descriptor's path cannot be asked.
      const late = (knownPath !== undefined ? this.refusal(knownPath) : undefined) ?? (knownPath === undefined || stat.nlink > 1 ? this.openedSecret(stat) : undefined);
      return late !== undefined ? { kind: 'refused', why: late } : undefined;
    });
  }

  /**
   * After the read: the opened file (device and inode from its descriptor) is none of the files in the secret
   * folders or tandem's folder (other than its memory files). Catches a hard link and a swap to a symlink between
   * refusal() and the open.
   */
  openedSecret(stat: fs.Stats): string | undefined {
    this.secretInodes ??= this.collectSecretInodes();
    return this.secretInodes.has(`${stat.dev}:${stat.ino}`) ? 'it is the same file as one in a folder memory never reads (a hard link, or a file swapped while it was read)' : undefined;
  }

  private collectSecretInodes(): Set<string> {
    const out = new Set<string>();
    const allowed = new Set<string>();
    for (const f of this.fences) for (const e of f.except) allowed.add(realPathOf(e));
    // Bounded: these folders are small (keys, credentials); a sessions folder may hold thousands of transcripts.
    let budget = 5000;
    const walk = (dir: string, depth: number) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (--budget < 0) return;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (depth < 4) walk(full, depth + 1);
        } else if (entry.isFile() && !allowed.has(full)) {
          try {
            const st = fs.statSync(full);
            out.add(`${st.dev}:${st.ino}`);
          } catch {
            // Gone meanwhile: nothing to compare with.
          }
        }
      }
    };
    for (const dir of this.secretFolders) walk(dir, 0);
    return out;
  }
}

/**
 * The limits a session's memory loads under: the permission policy's Read rules (the same ReadGuard Grep asks, so
 * settings rules and --disallowedTools count) and the sandbox's denyRead setting (after folder trust).
 */
export function memoryReadLimits(policy: { readGuard?(projectRoot: string): ReadGuard }, projectRoot: string, sandboxRaw: unknown): MemoryReadLimits {
  const readGuard = policy.readGuard?.(projectRoot);
  return { ...(readGuard ? { readGuard } : {}), sandboxDenyRead: parseSandboxSettings(sandboxRaw).settings.filesystem.denyRead };
}
