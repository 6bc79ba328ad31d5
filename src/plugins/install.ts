// `tandem plugin install PATH`: copies a plugin folder from the local disk into $TANDEM_HOME/plugins/NAME and turns it
// on. Nothing is downloaded. The folder is checked first as a session would load it (manifest, every part inside the
// folder); links are copied as the files they point to, and a link anywhere in the folder that leads outside it
// refuses the install, so the copy holds only the plugin's own files.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { OutsideRoot, isInside } from './contain';
import { tandemPluginsDir } from './load';
import { readManifest } from './manifest';
import { checkTree, readParts } from './parts';
import { setPluginEnabled } from './state';

export type InstallResult = { ok: true; name: string; version?: string; dest: string; id: string; settingsFile: string; problems: string[] } | { ok: false; message: string };

export function installPlugin(source: string, opts: { cwd: string; tandemHome: string; force?: boolean }): InstallResult {
  const root = path.resolve(opts.cwd, source);
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    if (!fs.statSync(realRoot).isDirectory()) return { ok: false, message: `${root} is not a folder; give the plugin's folder (the one holding .claude-plugin/plugin.json)` };
  } catch {
    return { ok: false, message: `${root}: no such folder` };
  }
  const read = readManifest(realRoot);
  if (read.kind === 'broken') return { ok: false, message: `not installed: ${read.problems.join('; ')}` };
  if (!read.file) return { ok: false, message: `not installed: ${root} has no .claude-plugin/plugin.json; a plugin to install needs one with at least "name"` };
  const { name } = read.manifest;
  let problems: string[];
  try {
    problems = readParts(realRoot, read.manifest).problems;
    // Everything that will be copied (.git is not), to any depth.
    checkTree(realRoot, realRoot, realRoot, Infinity, new Set(['.git']));
  } catch (error) {
    if (error instanceof OutsideRoot) return { ok: false, message: `not installed: ${error.message}` };
    throw error;
  }
  const pluginsDir = tandemPluginsDir(opts.tandemHome);
  const dest = path.join(pluginsDir, name);
  if (isInside(realRoot, path.resolve(pluginsDir)) || isInside(path.resolve(dest), realRoot)) return { ok: false, message: `not installed: ${root} is ${name}'s installed copy (or holds it) already` };
  if (fs.existsSync(dest) && !opts.force) return { ok: false, message: `not installed: ${dest} exists already; run \`tandem plugin install ${source} --force\` to replace it` };
  fs.mkdirSync(pluginsDir, { recursive: true });
  // Copied beside and renamed in: an install stopped halfway leaves only a dot-folder the loader skips.
  const tmp = path.join(pluginsDir, `.install-${name}-${randomBytes(4).toString('hex')}`);
  try {
    fs.cpSync(realRoot, tmp, { recursive: true, dereference: true, filter: (src) => path.basename(src) !== '.git' });
    if (fs.existsSync(dest)) {
      const old = path.join(pluginsDir, `.old-${name}-${randomBytes(4).toString('hex')}`);
      fs.renameSync(dest, old);
      fs.renameSync(tmp, dest);
      fs.rmSync(old, { recursive: true, force: true });
    } else fs.renameSync(tmp, dest);
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    return { ok: false, message: `not installed: copying ${root} failed (${(error as Error).message}); nothing was changed` };
  }
  const id = `${name}@local`;
  const settingsFile = setPluginEnabled(opts.tandemHome, id, true);
  return { ok: true, name, ...(read.manifest.version ? { version: read.manifest.version } : {}), dest, id, settingsFile, problems };
}
