// `tool_response` in the shapes hook scripts written for Claude Code read: Bash {stdout, stderr, interrupted},
// Read {type, file: {filePath (absolute), content, ...}}, Edit/Write/MultiEdit {filePath, structuredPatch, ...}.
// Other tools send their own details (or the one-line summary).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ToolResult } from '../tools/types';

export function hookToolResponse(toolName: string, input: Record<string, unknown>, result: ToolResult, cwd: string): unknown {
  const details = (result.details && typeof result.details === 'object' ? result.details : {}) as Record<string, unknown>;
  const text = typeof result.forModel === 'string' ? result.forModel : result.forModel.map((b) => (b.type === 'text' ? b.text : '')).join('');
  switch (toolName) {
    case 'Bash': {
      if (details.background) return { stdout: '', stderr: '', interrupted: false, isImage: false, backgroundTaskId: details.shellId };
      // tandem runs commands in a terminal, where stdout and stderr arrive as one stream: all of it is stdout.
      return { stdout: result.display ?? text, stderr: '', interrupted: details.killed !== null && details.killed !== undefined, isImage: false, exitCode: details.exitCode };
    }
    case 'Read': {
      const filePath = typeof input.file_path === 'string' ? path.resolve(cwd, input.file_path) : String(details.filePath ?? '');
      if (details.type !== 'text') return { type: details.type, file: { filePath } };
      let content = '';
      try {
        const lines = readFileSync(filePath, 'utf8').split('\n');
        const start = typeof details.startLine === 'number' ? details.startLine : 1;
        const count = typeof details.numLines === 'number' ? details.numLines : lines.length;
        content = lines.slice(start - 1, start - 1 + count).join('\n');
      } catch {
        content = '';
      }
      return { type: 'text', file: { filePath, content, numLines: details.numLines, startLine: details.startLine, totalLines: details.totalLines } };
    }
    case 'Edit':
    case 'MultiEdit':
    case 'Write': {
      const filePath = details.filePath ?? (typeof input.file_path === 'string' ? path.resolve(cwd, input.file_path) : undefined);
      // What the call asked for, under Claude Code's names (a formatter hook reads newString; a linter content).
      const asked =
        toolName === 'Edit'
          ? { oldString: input.old_string, newString: input.new_string, replaceAll: input.replace_all === true }
          : toolName === 'Write'
            ? { content: input.content }
            : { edits: input.edits };
      return { ...asked, ...details, filePath, structuredPatch: details.structuredPatch ?? [] };
    }
    default:
      return result.details ?? result.summary;
  }
}
