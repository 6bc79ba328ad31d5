// A yes/no question on the terminal for CLI subcommands (not the REPL, which has its own prompts).
import { createInterface } from 'node:readline/promises';

export async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    process.stderr.write(`${question} (no terminal to answer on: pass --yes to confirm)\n`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
