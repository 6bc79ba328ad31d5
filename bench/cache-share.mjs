// Bench: how much of the input a long session reads from the prompt cache. A scripted 30-turn session (each turn:
// a prompt, a tool call, its result, an answer) is sent to the fake Anthropic server, whose usage follows the
// API's caching rules (src/fake-server/prompt-cache.ts). Each request gets its breakpoints from
// withCacheBreakpoints, as the engine does. Target (issue #7): at least 85% of input tokens are cache reads.
// Run: node bench/cache-share.mjs. Prints figures; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-cache-'));
const TURNS = 30;

async function bundle() {
  const entry = path.join(work, 'entry.ts');
  fs.writeFileSync(
    entry,
    `export { withCacheBreakpoints } from ${JSON.stringify(path.join(repo, 'src/session/cache-breakpoints.ts'))};\n` +
      `export { startFakeServer } from ${JSON.stringify(path.join(repo, 'src/fake-server/index.ts'))};\n`,
  );
  const outfile = path.join(work, 'bundle.mjs');
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error', absWorkingDir: repo });
  return import(pathToFileURL(outfile).href);
}

const lorem = (n, seed) => Array.from({ length: n }, (_, i) => `line ${seed}.${i}: const value${i} = compute(${seed}, ${i}); // keeps the text varied`).join('\n');
const system = `You are tandem, a pair-programming agent.\n${lorem(120, 'sys')}`;
const tools = ['Read', 'Write', 'Edit', 'Bash', 'Grep', 'Glob', 'TodoWrite', 'Task'].map((name) => ({
  name,
  description: `${name}: ${lorem(8, name)}`,
  input_schema: { type: 'object', properties: { file_path: { type: 'string' }, command: { type: 'string' } } },
}));

async function send(url, body) {
  const res = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'bench' }, body: JSON.stringify({ ...body, stream: true }) });
  const text = await res.text();
  let usage = {};
  const content = [];
  for (const chunk of text.split('\n\n')) {
    const data = chunk.split('\n').find((l) => l.startsWith('data: '));
    if (!data) continue;
    const event = JSON.parse(data.slice(6));
    if (event.type === 'message_start') usage = { ...event.message.usage };
    if (event.type === 'message_delta' && event.usage) usage = { ...usage, ...Object.fromEntries(Object.entries(event.usage).filter(([, v]) => v != null)) };
    if (event.type === 'content_block_start') content.push({ ...event.content_block });
    if (event.type === 'content_block_delta') {
      const block = content[event.index];
      if (event.delta.type === 'text_delta') block.text += event.delta.text;
      if (event.delta.type === 'input_json_delta') block._json = (block._json ?? '') + event.delta.partial_json;
    }
  }
  for (const block of content) if (block.type === 'tool_use') { block.input = block._json ? JSON.parse(block._json) : {}; delete block._json; }
  return { usage, content };
}

async function session(mod, withBreakpoints) {
  let call = 0;
  const server = await mod.startFakeServer({
    respond: (req) => {
      const last = req.body.messages.at(-1);
      const isToolResult = Array.isArray(last.content) && last.content.some((b) => b.type === 'tool_result');
      call++;
      return isToolResult
        ? { text: `Done: ${lorem(6, `answer${call}`)}` }
        : { content: [{ type: 'text', text: 'Reading it.' }, { type: 'tool_use', name: 'Read', input: { file_path: `src/file${call}.ts` } }] };
    },
  });
  const totals = { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, requests: 0 };
  const messages = [];
  try {
    for (let turn = 0; turn < TURNS; turn++) {
      messages.push({ role: 'user', content: `Turn ${turn}: please look at src/file${turn}.ts and fix the bug.` });
      for (;;) {
        const request = { model: 'claude-sonnet-5-5', max_tokens: 4096, system, tools, messages };
        const { usage, content } = await send(server.url, withBreakpoints ? mod.withCacheBreakpoints(request) : request);
        for (const k of ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']) totals[k] += usage[k] ?? 0;
        totals.requests++;
        messages.push({ role: 'assistant', content });
        const uses = content.filter((b) => b.type === 'tool_use');
        if (uses.length === 0) break;
        messages.push({ role: 'user', content: uses.map((u) => ({ type: 'tool_result', tool_use_id: u.id, content: lorem(25, `${u.input.file_path}`) })) });
      }
    }
  } finally {
    await server.close();
  }
  const all = totals.input_tokens + totals.cache_creation_input_tokens + totals.cache_read_input_tokens;
  return { ...totals, all, share: totals.cache_read_input_tokens / all };
}

const mod = await bundle();
for (const [label, on] of [['with breakpoints', true], ['without breakpoints', false]]) {
  const r = await session(mod, on);
  console.log(
    `${label.padEnd(20)} ${TURNS} turns, ${r.requests} requests: input ${r.all} tokens = ${r.cache_read_input_tokens} cache read + ${r.cache_creation_input_tokens} cache write + ${r.input_tokens} uncached -> cache-read share ${(r.share * 100).toFixed(1)}%`,
  );
}
console.log('target: cache-read share >= 85% with breakpoints');
fs.rmSync(work, { recursive: true, force: true });
