// `tandem trust`: trust the project folder tandem finds from here (or list / revoke), without starting a session.
import { findLocations } from '../cli/project';
import { TrustStore, trustKey } from './store';
import { sanitizeLine } from '../text/sanitize';

export interface TrustCommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const TRUST_HELP = `Usage:
  tandem trust            trust this project folder: its hooks, MCP servers, allow rules and env may be used
  tandem trust --list     the folders you trust
  tandem trust --revoke   stop trusting this project folder

The project folder is the nearest folder with .git above the current one (else the current one). Trust is kept
by real path in $TANDEM_HOME/trusted-folders.json.
`;

export function runTrustCommand(argv: string[], io: TrustCommandIO): number {
  const [flag, ...rest] = argv;
  if (rest.length > 0 || (flag !== undefined && !['--list', '--revoke', '-h', '--help'].includes(flag))) {
    io.stderr(`tandem trust: unexpected argument ${JSON.stringify(flag === undefined || ['--list', '--revoke'].includes(flag) ? rest[0] : flag)}\n${TRUST_HELP}`);
    return 2;
  }
  if (flag === '-h' || flag === '--help') {
    io.stdout(TRUST_HELP);
    return 0;
  }
  const loc = findLocations(io.cwd, io.env);
  const store = TrustStore.forHome(loc.tandemHome);
  if (flag === '--list') {
    const folders = store.list();
    // Folder names are anyone's (a cloned or unpacked folder): each through the one sanitiser, one line each.
    io.stdout(folders.length > 0 ? `${folders.map(sanitizeLine).join('\n')}\n` : 'no trusted folders\n');
    return 0;
  }
  const key = sanitizeLine(trustKey(loc.projectRoot));
  if (flag === '--revoke') {
    io.stdout(store.untrust(loc.projectRoot) ? `no longer trusted: ${key}\n` : `${key} was not trusted\n`);
    return 0;
  }
  try {
    store.trust(loc.projectRoot);
  } catch (error) {
    io.stderr(`tandem trust: could not write ${store.file}: ${(error as Error).message}. Check that $TANDEM_HOME is writable.\n`);
    return 1;
  }
  io.stdout(`trusted: ${key}\ntandem will now use this project's hooks, MCP servers (each still approved once), allow rules and env.\n`);
  return 0;
}
