// yoga-layout (Ink's layout engine) loads its WebAssembly from a data: URL through fetch whenever fetch exists,
// and Node's first fetch loads undici: about 0.3 s of CPU before the shell (or a resumed session) can draw. With
// fetch hidden while Ink's modules load, yoga decodes the same bytes itself. fetch is put back, as it was, once
// the import settles; nothing else runs a request meanwhile (the SDK warms up after the shell is drawn).
export async function importWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!descriptor?.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', descriptor);
  }
}
