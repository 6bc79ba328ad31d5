// A memory for per-frame text work (widths, wrapping, measuring): the same strings come back frame after frame,
// but new ones keep coming (a streaming answer, the status line's clock), so it forgets everything once it holds
// `limit` entries. Clearing at once is cheaper than tracking age, and the next frame refills what is still in use.
// Used as `memo.get(key) ?? memo.set(key, compute())`: no closure per lookup on these hot paths.
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Stores and returns `value`. */
  set(key: string, value: V): V {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
