// The last lines a stdio MCP server wrote to stderr, kept so a failure can show why (a stack trace, "missing
// API key"). Bounded, because a chatty server may write for hours.
const MAX_LINES = 12;
const MAX_LINE_LENGTH = 300;

export class StderrTail {
  private kept: string[] = [];
  private partial = '';

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const parts = text.split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(-4 * MAX_LINE_LENGTH);
    for (const line of parts) if (line.trim() !== '') this.kept.push(line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line);
    if (this.kept.length > MAX_LINES) this.kept = this.kept.slice(-MAX_LINES);
  }

  lines(): string[] {
    const all = this.partial.trim() !== '' ? [...this.kept, this.partial.slice(0, MAX_LINE_LENGTH)] : this.kept;
    return all.slice(-MAX_LINES);
  }
}
