import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Ink modules its package exports do not expose, which src/ui/ink/output.ts and log-update.ts build on.
  resolve: {
    alias: {
      'ink-output-original': fileURLToPath(new URL('./node_modules/ink/build/output.js', import.meta.url)),
      'ink-log-update-original': fileURLToPath(new URL('./node_modules/ink/build/log-update.js', import.meta.url)),
      'ink-wrap-text-original': fileURLToPath(new URL('./node_modules/ink/build/wrap-text.js', import.meta.url)),
      'ink-measure-text-original': fileURLToPath(new URL('./node_modules/ink/build/measure-text.js', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
