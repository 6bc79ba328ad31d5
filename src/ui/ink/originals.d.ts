// Ink modules that its package exports do not expose, which src/ui/ink/output.ts and src/ui/ink/log-update.ts
// build on. The build (scripts/build.mjs) and the tests (vitest.config.ts) resolve these names to Ink's files.

// Ink's frame builder (node_modules/ink/build/output.js).
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

// Ink's live-area writer (node_modules/ink/build/log-update.js); src/ui/ink/log-update.ts wraps it.
declare module 'ink-log-update-original' {
  import type { Writable } from 'node:stream';
  type CursorPosition = { x: number; y: number };
  type LogUpdate = {
    clear: () => void;
    done: () => void;
    sync: (str: string) => void;
    setCursorPosition: (position: CursorPosition | undefined) => void;
    isCursorDirty: () => boolean;
    willRender: (str: string) => boolean;
    (str: string): boolean;
  };
  const logUpdate: { create: (stream: Writable, options?: { showCursor?: boolean; incremental?: boolean }) => LogUpdate };
  export default logUpdate;
}

// Ink's text wrapping and measuring (wrap-text.js, measure-text.js): the tests compare ours with them.
declare module 'ink-wrap-text-original' {
  export default function wrapText(text: string, maxWidth: number, wrapType: string): string;
}
declare module 'ink-measure-text-original' {
  export default function measureText(text: string): { width: number; height: number };
}
