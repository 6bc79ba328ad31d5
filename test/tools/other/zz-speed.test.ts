import { it } from 'vitest';
import { createRequire } from 'node:module';
import { bashTool } from '../../../src/tools/bash';
import { makeContext, makeTempDir } from './context';
const require = createRequire(import.meta.url);
it('speed', async () => {
  const pty = require('node-pty');
  const ctx = makeContext(makeTempDir());
  for (let i = 0; i < 4; i++) {
    let t0 = performance.now();
    const r = await bashTool.run(bashTool.inputSchema.parse({ command: 'seq 1 200000' }), ctx);
    const a = performance.now() - t0;
    t0 = performance.now();
    const p = pty.spawn('/bin/bash', ['-c', 'seq 1 200000'], { cols: 120, rows: 40, encoding: null });
    p.onData(() => {});
    await new Promise((res) => p.onExit(res));
    console.log('tool', a.toFixed(0), 'raw', (performance.now() - t0).toFixed(0));
  }
}, 60000);
