// The interactive shell's side of folder trust: before the session is built (before any SessionStart hook or MCP
// server could start), a folder not trusted yet gets the question; a yes is remembered.
import type { Locations } from '../cli/project';
import { loadSettings } from '../settings/load';
import { describeSkipped, projectContent } from './gate';
import { QuitAtTrustQuestion, type TrustAsker } from './question';
import { TrustStore, trustKey } from './store';

/**
 * Asks when needed. Returns the answer for bootstrap (`trusted`) and a notice when the yes could not be saved;
 * throws QuitAtTrustQuestion when the user quits.
 */
export async function settleFolderTrust(loc: Locations, asker: TrustAsker): Promise<{ trusted: boolean; notice?: string }> {
  const store = TrustStore.forHome(loc.tandemHome);
  if (store.isTrusted(loc.projectRoot)) return { trusted: true };
  const settings = loadSettings({ cwd: loc.cwd, projectRoot: loc.projectRoot, tandemHome: loc.tandemHome, homeDir: loc.homeDir });
  const content = describeSkipped(projectContent(settings, loc.projectRoot));
  const answer = await asker.ask({ folder: trustKey(loc.projectRoot), content });
  switch (answer) {
    case 'trust':
      try {
        store.trust(loc.projectRoot);
      } catch (error) {
        // The user said yes: this session is trusted even if the answer cannot be kept.
        return { trusted: true, notice: `could not save the folder trust to ${store.file} (${(error as Error).message}); tandem will ask again next time` };
      }
      return { trusted: true };
    case 'untrusted':
      return { trusted: false };
    case 'quit':
      throw new QuitAtTrustQuestion();
    default: {
      const never: never = answer;
      throw new Error(`unknown trust answer ${String(never)}`);
    }
  }
}

/** `/trust` in the shell: remembers the folder; the project's hooks and servers load when tandem starts again. */
export function trustSlashCommand(loc: Locations, trustedNow: boolean) {
  return {
    name: 'trust',
    description: 'trust this project folder: its hooks, MCP servers and allow rules are used from the next start',
    run: async (): Promise<string> => {
      const store = TrustStore.forHome(loc.tandemHome);
      if (trustedNow && store.isTrusted(loc.projectRoot)) return `${trustKey(loc.projectRoot)} is trusted already.`;
      store.trust(loc.projectRoot);
      return `trusted ${trustKey(loc.projectRoot)}. Restart tandem to load the project's hooks, MCP servers and allow rules (this session stays as it started).`;
    },
  };
}
