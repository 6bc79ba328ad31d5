// Writes realistic session transcripts through tandem's own TranscriptWriter (bundled from src with esbuild), for
// the resume bench and tests: each turn is a prompt, a Read, an Edit with a diff-sized input, a Bash run with
// output, the todos, usage, and a markdown answer ending with a marker naming the turn (`answer-of-turn-<n>`).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

async function loadStore() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tandem-bench-store-'));
  const out = path.join(dir, 'store.mjs');
  try {
    await build({ entryPoints: [path.join(here, '..', 'src', 'session', 'transcript-store.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
    return await import(pathToFileURL(out).href);
  } finally {
    // Once imported, the module is in memory: the bundle is not needed again.
    rmSync(dir, { recursive: true, force: true });
  }
}

const code = (n) =>
  Array.from({ length: 30 }, (_, i) => `export function handler${n}_${i}(input: string): number {\n  return input.length * ${i} + ${n};\n}\n`).join('');

function answer(n) {
  return (
    `## Turn ${n}: what changed\n\nI read \`src/part${n}.ts\`, changed the **handler** so it returns early, and ran the tests.\n\n` +
    `| file | change |\n|---|---|\n| src/part${n}.ts | early return |\n| test/part${n}.test.ts | new case |\n\n` +
    '```ts\n' + `export function step${n}(input: string): number {\n  return input.length > 10 ? ${n} : 0;\n}\n` + '```\n\n' +
    `- the tests pass\n- nothing else changed\n\nanswer-of-turn-${n}`
  );
}

/** Writes a session of `turns` turns; returns its id. Tests pass `writer` (the class from src) to skip bundling. */
export async function writeSession({ tandemHome, projectRoot, sessionId, turns, agent = 'general', model = 'claude-sonnet-4-5', writer }) {
  const TranscriptWriter = writer ?? (await loadStore()).TranscriptWriter;
  const w = await TranscriptWriter.create({ tandemHome, projectRoot, sessionId, secrets: [] });
  const usage = { input_tokens: 1200, output_tokens: 400, cache_creation_input_tokens: 0, cache_read_input_tokens: 9000 };
  await w.append({ type: 'session_meta', sessionId, cwd: projectRoot, projectRoot, agent, model, mode: 'default', version: '0.1.0' });
  const msg = (message) => w.append({ type: 'message', message, agent, model, parentToolUseId: null });
  for (let n = 1; n <= turns; n++) {
    const file = path.join(projectRoot, 'src', `part${n}.ts`);
    await msg({ role: 'user', content: `turn ${n}: make handler ${n} return early when the input is short, then run the tests` });
    await msg({ role: 'assistant', content: [{ type: 'text', text: `Let me read src/part${n}.ts first.` }, { type: 'tool_use', id: `read_${n}`, name: 'Read', input: { file_path: file } }] });
    await msg({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `read_${n}`, content: code(n).split('\n').map((l, i) => `${String(i + 1).padStart(6)}\t${l}`).join('\n') }] });
    await msg({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Now the change and a test run.' },
        { type: 'tool_use', id: `edit_${n}`, name: 'Edit', input: { file_path: file, old_string: `  return input.length * 1 + ${n};`, new_string: `  if (input.length < 3) return 0;\n  return input.length * 1 + ${n};` } },
        { type: 'tool_use', id: `todo_${n}`, name: 'TodoWrite', input: { todos: [{ content: `change handler ${n}`, status: 'completed', activeForm: `Changing handler ${n}` }, { content: 'run the tests', status: 'in_progress', activeForm: 'Running the tests' }] } },
        { type: 'tool_use', id: `bash_${n}`, name: 'Bash', input: { command: 'npm test', description: 'Run the tests' } },
      ],
    });
    await w.append({ type: 'todos', todos: [{ content: `change handler ${n}`, status: 'completed', activeForm: `Changing handler ${n}` }, { content: 'run the tests', status: 'in_progress', activeForm: 'Running the tests' }] });
    await msg({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: `edit_${n}`, content: `The file ${file} has been updated.` },
        { type: 'tool_result', tool_use_id: `todo_${n}`, content: 'Todos updated.' },
        { type: 'tool_result', tool_use_id: `bash_${n}`, content: Array.from({ length: 20 }, (_, i) => ` ✓ test/part${i}.test.ts (${i + 3} tests) ${i * 7} ms`).join('\n') + '\n\n Test Files  30 passed (30)\n      Tests  240 passed (240)' },
      ],
    });
    await msg({ role: 'assistant', content: [{ type: 'text', text: answer(n) }] });
    await w.append({ type: 'usage', model, agent, usage, costUsd: 0.012 });
  }
  await w.close();
  return sessionId;
}
