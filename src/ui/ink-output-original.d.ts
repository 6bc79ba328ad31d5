// Ink's own frame builder (node_modules/ink/build/output.js), which Ink's package exports do not expose. The build
// (scripts/build.mjs) and the tests (vitest.config.ts) resolve this name to that file; src/ui/row-output.ts falls
// back to it.
declare module 'ink-output-original' {
  type Clip = { x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined };
  export default class Output {
    constructor(options: { width: number; height: number });
    write(x: number, y: number, text: string, options: { transformers: Array<(line: string, index: number) => string> }): void;
    clip(clip: Clip): void;
    unclip(): void;
    get(): { output: string; height: number };
  }
}
