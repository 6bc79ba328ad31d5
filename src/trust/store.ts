// The folders the user said they trust, kept in $TANDEM_HOME/trusted-folders.json and keyed by the folder's real
// path: a symlink to a trusted folder is trusted, a folder that was swapped for a link to somewhere else is not.
// Anything unreadable reads as "nothing trusted" (the safe answer); the user is simply asked again.
import fs from 'node:fs';
import path from 'node:path';

interface TrustRecord {
  trustedAt: string;
}

interface TrustFile {
  version: 1;
  /** real path of a project root -> when it was trusted */
  folders: Record<string, TrustRecord>;
}

export function trustFile(tandemHome: string): string {
  return path.join(tandemHome, 'trusted-folders.json');
}

/** The key a folder is remembered under: its real path, or the resolved path when it does not exist. */
export function trustKey(folder: string): string {
  try {
    return fs.realpathSync.native(folder);
  } catch {
    return path.resolve(folder);
  }
}

export class TrustStore {
  constructor(readonly file: string) {}

  static forHome(tandemHome: string): TrustStore {
    return new TrustStore(trustFile(tandemHome));
  }

  private read(): TrustFile {
    try {
      const json = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<TrustFile> | null;
      if (json && typeof json === 'object' && json.folders && typeof json.folders === 'object' && !Array.isArray(json.folders)) {
        return { version: 1, folders: json.folders };
      }
    } catch {
      // Missing or broken: nothing is trusted.
    }
    return { version: 1, folders: {} };
  }

  isTrusted(folder: string): boolean {
    const record = this.read().folders[trustKey(folder)];
    return Boolean(record && typeof record === 'object');
  }

  trust(folder: string): void {
    this.update((folders) => {
      folders[trustKey(folder)] = { trustedAt: new Date().toISOString() };
    });
  }

  untrust(folder: string): boolean {
    const key = trustKey(folder);
    let removed = false;
    this.update((folders) => {
      removed = key in folders;
      delete folders[key];
    });
    return removed;
  }

  list(): string[] {
    return Object.keys(this.read().folders).sort();
  }

  /** Read, change, write atomically (a temp file renamed over the old one: a crash never leaves half a file). */
  private update(change: (folders: Record<string, TrustRecord>) => void): void {
    const data = this.read();
    change(data.folders);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
