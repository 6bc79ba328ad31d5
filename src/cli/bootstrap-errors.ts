/** A problem that stops tandem before a session starts; its message says what to do. */
export class StartupError extends Error {}
