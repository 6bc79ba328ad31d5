// Walking a git config file line by line with the section each line is in: read by the scan (the paths a config
// names, git-guards.ts) and rewritten by the check after a command (after-call.ts), so both agree on sections.

export interface ConfigSection {
  /** The section's name up to any dot, lower case: `core`, `diff`, `includeif`. */
  head: string;
  /** Name and subsection as written in the header, the name lower case: to tell `[diff "a"]` from `[diff "b"]`. */
  key: string;
  /** Whether the header has a subsection (`[diff "x"]` or `[diff.x]`). */
  sub: boolean;
}

/**
 * Calls `visit` for each line outside a section header; what it returns replaces the line (nothing: kept). Lines
 * keep their own ends (`\r` included), so joining the result with `\n` gives the file back unchanged but for them.
 */
export function mapConfigLines(text: string, visit: (section: ConfigSection, line: string) => string | void): string[] {
  let section: ConfigSection = { head: '', key: '', sub: false };
  return text.split('\n').map((line) => {
    const header = /^\s*\[\s*([A-Za-z0-9.-]+)(\s+"[^"]*")?\s*\]/.exec(line);
    if (header) {
      const name = header[1]!.toLowerCase();
      section = { head: name.split('.')[0]!, key: name + (header[2] ?? ''), sub: header[2] !== undefined || name.includes('.') };
      return line;
    }
    return visit(section, line) ?? line;
  });
}
