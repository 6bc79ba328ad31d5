// `tandem plugin list | install PATH | enable NAME | disable NAME`: manage plugins without starting a session.
import { findLocations } from '../cli/project';
import { loadSettings } from '../settings/load';
import { managedSettingsPaths } from '../settings/managed';
import { sanitize, sanitizeLine } from '../text/sanitize';
import { formatPluginList } from './describe';
import { installPlugin } from './install';
import { enabledPluginDecisions } from './load';
import { pluginsForFolder } from './for-folder';
import { setPluginEnabled, userSettingsFile } from './state';
import type { Plugin } from './types';

export interface PluginCommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const PLUGIN_HELP = `Usage:
  tandem plugin list [--json]          plugins found: state, where, what each adds, problems
  tandem plugin install PATH [--force] copy a local plugin folder into $TANDEM_HOME/plugins and enable it
  tandem plugin enable NAME            turn a plugin on  (enabledPlugins in $TANDEM_HOME/settings.json)
  tandem plugin disable NAME           turn a plugin off (same file)

NAME is a plugin's name or its id (name@marketplace). Plugins are read from $TANDEM_HOME/plugins and from
Claude Code's ~/.claude/plugins; --plugin-dir DIR loads one for a single run. Nothing is ever downloaded.
`;

function sessionPlugins(io: PluginCommandIO) {
  return pluginsForFolder(io.cwd, io.env);
}

export function runPluginCommand(argv: string[], io: PluginCommandIO): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case undefined:
    case 'list': {
      const json = rest.includes('--json');
      const extra = rest.filter((a) => a !== '--json');
      if (extra.length > 0) return usage(io, `unexpected argument ${JSON.stringify(extra[0])}`);
      const { loaded } = sessionPlugins(io);
      if (json) {
        const rows = loaded.plugins.map((p) => ({ id: p.id, name: p.name, version: p.version ?? null, description: p.description ?? null, state: p.state, origin: p.origin, path: p.root, problems: p.problems }));
        io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      } else io.stdout(`${formatPluginList(loaded.plugins)}\n`);
      return 0;
    }
    case 'install': {
      const force = rest.includes('--force');
      const paths = rest.filter((a) => a !== '--force');
      if (paths.length !== 1) return usage(io, 'install takes one PATH (a plugin folder on this machine)');
      const loc = findLocations(io.cwd, io.env);
      let result;
      try {
        result = installPlugin(paths[0]!, { cwd: io.cwd, tandemHome: loc.tandemHome, force });
      } catch (error) {
        io.stderr(`tandem plugin: ${sanitize((error as Error).message)}\n`);
        return 1;
      }
      if (!result.ok) {
        io.stderr(`tandem plugin: ${sanitize(result.message)}\n`);
        return 1;
      }
      for (const p of result.problems) io.stderr(`tandem plugin: warning: ${sanitize(p)}\n`);
      io.stdout(`installed ${sanitizeLine(result.name)}${result.version ? ` ${sanitizeLine(result.version)}` : ''} to ${sanitizeLine(result.dest)} and enabled it (${sanitizeLine(result.id)} in ${sanitizeLine(result.settingsFile)})\n`);
      return 0;
    }
    case 'enable':
    case 'disable': {
      if (rest.length !== 1) return usage(io, `${sub} takes one NAME`);
      const wanted = rest[0]!;
      const { loc, loaded } = sessionPlugins(io);
      const candidates = loaded.plugins.filter((p) => p.origin !== 'flag' && (p.id === wanted || p.name === wanted));
      const ids = [...new Set(candidates.map((p) => p.id))];
      if (ids.length === 0) {
        const known = loaded.plugins.filter((p) => p.origin !== 'flag').map((p) => p.id);
        io.stderr(`tandem plugin: no installed plugin named ${JSON.stringify(sanitizeLine(wanted))}. ${known.length > 0 ? `Installed: ${known.map(sanitizeLine).join(', ')}` : 'None is installed; install one with `tandem plugin install PATH`'}\n`);
        return 1;
      }
      if (ids.length > 1) {
        io.stderr(`tandem plugin: ${JSON.stringify(sanitizeLine(wanted))} names several plugins: ${ids.map(sanitizeLine).join(', ')}; give the full id\n`);
        return 1;
      }
      const id = ids[0]!;
      const on = sub === 'enable';
      let file: string;
      try {
        file = setPluginEnabled(loc.tandemHome, id, on);
      } catch (error) {
        io.stderr(`tandem plugin: ${sanitize((error as Error).message)}\n`);
        return 1;
      }
      io.stdout(`${on ? 'enabled' : 'disabled'} ${sanitizeLine(id)} (in ${sanitizeLine(file)}); it takes effect in the next session\n`);
      const decision = enabledPluginDecisions(loadSettings({ cwd: loc.cwd, projectRoot: loc.projectRoot, tandemHome: loc.tandemHome, homeDir: loc.homeDir, managedPaths: managedSettingsPaths(io.env) }).sources).get(id);
      if (decision && decision.file !== userSettingsFile(loc.tandemHome) && decision.enabled !== on) {
        io.stderr(`tandem plugin: note: ${sanitizeLine(decision.file)} sets "${sanitizeLine(id)}" to ${decision.enabled}, and that file wins over yours; change it there\n`);
      }
      return 0;
    }
    case '-h':
    case '--help':
      io.stdout(PLUGIN_HELP);
      return 0;
    default:
      return usage(io, `unknown subcommand ${JSON.stringify(sub)}`);
  }
}

function usage(io: PluginCommandIO, message: string): number {
  io.stderr(`tandem plugin: ${sanitizeLine(message)}\n${PLUGIN_HELP}`);
  return 2;
}

export type { Plugin };
