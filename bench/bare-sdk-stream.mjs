// The baseline: a bare script that streams one answer with the SDK and only reads the events.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ apiKey: 'bench', baseURL: process.env.ANTHROPIC_BASE_URL, maxRetries: 0 });
const stream = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 64000, messages: [{ role: 'user', content: 'go' }], stream: true });
let chars = 0;
for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') chars += event.delta.text.length;
if (chars === 0) process.exitCode = 1;
