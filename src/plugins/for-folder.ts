// The plugins a session started in `cwd` would have (no --plugin-dir): for commands that start no session
// (`tandem plugin`, `tandem agents`).
import { findLocations, type Locations } from '../cli/project';
import { loadSettings } from '../settings/load';
import { managedSettingsPaths } from '../settings/managed';
import { isFolderTrusted } from '../trust/gate';
import { loadPlugins, type LoadedPlugins } from './load';

export function pluginsForFolder(cwd: string, env: NodeJS.ProcessEnv): { loc: Locations; loaded: LoadedPlugins } {
  const loc = findLocations(cwd, env);
  const settings = loadSettings({ cwd: loc.cwd, projectRoot: loc.projectRoot, tandemHome: loc.tandemHome, homeDir: loc.homeDir, managedPaths: managedSettingsPaths(env) });
  const trusted = isFolderTrusted({ projectRoot: loc.projectRoot, tandemHome: loc.tandemHome });
  const loaded = loadPlugins({ pluginDirs: [], cwd: loc.cwd, projectRoot: loc.projectRoot, tandemHome: loc.tandemHome, homeDir: loc.homeDir, settingsSources: settings.sources, trusted });
  return { loc, loaded };
}
