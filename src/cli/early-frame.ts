// A plain first frame for the interactive shell, drawn before Ink and React are loaded (that import alone takes
// about a quarter of a second). It shows the banner and the `❯ ` prompt and keeps whatever the user types, which
// the shell takes over when it draws: nothing typed in that moment is lost, and the prompt is there at once.

export interface EarlyInput {
  /** Text typed and not yet sent. */
  pending: string;
  /** Text sent with Enter before the shell was ready (sent as the first prompt). */
  submitted?: string;
}

export interface EarlyFrame {
  /** Erases the frame and stops listening; returns what was typed. */
  release(): EarlyInput;
}

export function drawEarlyFrame(opts: { version: string; stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; noColor: boolean }): EarlyFrame {
  const { stdin, stdout } = opts;
  const columns = Math.max(20, stdout.columns || 80);
  const dim = (s: string) => (opts.noColor ? s : `\x1b[2m${s}\x1b[22m`);
  // Three line breaks: the erase below goes back exactly this far.
  stdout.write(`\n${dim(`tandem v${opts.version}  starting…`)}\n${dim('─'.repeat(columns))}\n❯ `);
  let pending = '';
  let submitted: string | undefined;
  const onData = (chunk: Buffer | string) => {
    for (const ch of chunk.toString()) {
      if (ch === '\x03') {
        // ctrl+c before the shell is up: leave at once, the way the shell would on an empty input.
        stdin.setRawMode?.(false);
        stdout.write('\n');
        process.exit(130);
      } else if (ch === '\r' || ch === '\n') {
        if (submitted === undefined && pending.trim()) {
          submitted = pending;
          pending = '';
        }
      } else if (ch === '\x7f' || ch === '\b') {
        if (pending) {
          pending = pending.slice(0, -1);
          stdout.write('\b \b');
        }
      } else if (ch >= ' ' && submitted === undefined) {
        pending += ch;
        stdout.write(ch);
      }
    }
  };
  stdin.setRawMode?.(true);
  stdin.on('data', onData);
  return {
    release() {
      stdin.off('data', onData);
      stdin.pause();
      // Back to the start of the frame and clear it: the shell draws its own banner and prompt there.
      stdout.write('\r\x1b[3A\x1b[J');
      return { pending, submitted };
    },
  };
}
