// Tilde forms at the start of a path, expanded as a shell would: `~` and `~/x` (the home folder), `~user` and
// `~user/x` (that user's home from the passwd database), `~+` (the working directory) and `~-` (the previous one).
// What cannot be known here (an unknown user, `~-` without a known previous folder) is reported, never guessed:
// the policy asks for such a path.
import fs from 'node:fs';
import path from 'node:path';

export interface TildeContext {
  cwd: string;
  homeDir: string;
  /** The previous working directory (`~-`); unknown when absent. */
  oldPwd?: string;
  /** The passwd file to read `~user` from (tests point elsewhere). */
  passwdFile?: string;
}

export type TildeResult = { ok: true; path: string } | { ok: false; reason: string };

/** Home folder of a user from a passwd-format file, or undefined when the user is not listed. */
export function homeOfUser(user: string, passwdFile = '/etc/passwd'): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(passwdFile, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === user && fields.length >= 7 && fields[5]) return fields[5];
  }
  return undefined;
}

/** The path with its leading tilde form expanded; paths without one come back unchanged. */
export function expandTilde(p: string, ctx: TildeContext): TildeResult {
  if (!p.startsWith('~')) return { ok: true, path: p };
  const slash = p.indexOf('/');
  const head = slash < 0 ? p.slice(1) : p.slice(1, slash);
  const tail = slash < 0 ? '' : p.slice(slash + 1);
  const join = (base: string): TildeResult => ({ ok: true, path: tail === '' ? base : path.join(base, tail) });
  if (head === '') return join(ctx.homeDir);
  if (head === '+') return join(ctx.cwd);
  if (head === '-') {
    return ctx.oldPwd ? join(ctx.oldPwd) : { ok: false, reason: `~- (the previous working directory) is not known here` };
  }
  const home = homeOfUser(head, ctx.passwdFile);
  if (home === undefined) return { ok: false, reason: `~${head}: no user "${head}" in the passwd database` };
  return join(home);
}
