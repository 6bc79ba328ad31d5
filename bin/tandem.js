#!/usr/bin/env node
// Thin launcher. `--version` is answered here so that it costs no module loading at all.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version} (tandem)\n`);
} else {
  try {
    await import('../dist/cli.js');
  } catch (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
      process.stderr.write('tandem is not built yet: run `npm install` (or `npm run build`) in its folder.\n');
      process.exit(1);
    }
    throw error;
  }
}
