// The text blocks tandem adds to a user message for `!command` and `@path` (user-shell.ts, mentions.ts), and how a
// resumed transcript shows them: as the short line the user saw, not the whole output or file again.

export const SHELL_BLOCK_OPEN = '<user-shell-command>';
export const ATTACHMENT_HEAD = 'The user attached this with @';

/** A user text block as the screen shows it when a session is resumed. */
export function userTextForScreen(text: string): string {
  if (text.startsWith(SHELL_BLOCK_OPEN)) {
    const command = /^\$ (.*)$/m.exec(text)?.[1] ?? '';
    return `! ${command}\n`;
  }
  if (text.startsWith(ATTACHMENT_HEAD)) {
    const input = /with (\{[^\n]*\})\):/.exec(text)?.[1];
    let target = '';
    try {
      const parsed = input ? (JSON.parse(input) as { file_path?: unknown; path?: unknown }) : {};
      target = String(parsed.file_path ?? parsed.path ?? '');
    } catch {
      // shown without its path
    }
    return `\n(attached ${target || 'a file'})`;
  }
  return text;
}
