// The trust question between the CLI (which must know the answer before it builds the session) and the shell's
// dialog (which is drawn by Ink). No React here: the CLI asks, the UI listens and answers.

/** trust: yes, remembered; untrusted: no, for this session; quit: leave tandem. */
export type TrustAnswer = 'trust' | 'untrusted' | 'quit';

export interface TrustQuestion {
  /** The project root, as a real path. */
  folder: string;
  /** What the folder ships that would run or widen permissions once trusted, one line each. */
  content: string[];
}

export class TrustAsker {
  private pending: { question: TrustQuestion; resolve: (answer: TrustAnswer) => void } | null = null;
  private listener: ((question: TrustQuestion) => void) | null = null;

  /** Asks once; a question asked before the UI listens is kept for it. */
  ask(question: TrustQuestion): Promise<TrustAnswer> {
    return new Promise((resolve) => {
      this.pending = { question, resolve };
      this.listener?.(question);
    });
  }

  /** The UI's side: called with the open question (at once if one is waiting). */
  listen(listener: (question: TrustQuestion) => void): () => void {
    this.listener = listener;
    if (this.pending) listener(this.pending.question);
    return () => {
      if (this.listener === listener) this.listener = null;
    };
  }

  answer(answer: TrustAnswer): void {
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(answer);
  }
}

/** The user quit at the trust question: tandem ends without building a session (not an error). */
export class QuitAtTrustQuestion extends Error {
  constructor() {
    super('quit at the folder trust question');
    this.name = 'QuitAtTrustQuestion';
  }
}
