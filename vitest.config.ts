import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // src/ui/row-output.ts falls back to Ink's own frame builder, which Ink's package exports do not expose.
  resolve: { alias: { 'ink-output-original': fileURLToPath(new URL('./node_modules/ink/build/output.js', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
