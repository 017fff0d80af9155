/**
 * The bus between account services and the WebSocket gateway. In-process now; a NATS implementation
 * can replace it for scale-out (subjects map to NATS subjects one to one).
 */
export type BusHandler<T = unknown> = (message: T) => void;
/** Answers a request; what it resolves with (JSON) is the reply. */
export type BusResponder = (message: unknown) => Promise<unknown>;

export interface Bus {
  publish(subject: string, message: unknown): void;
  subscribe<T = unknown>(subject: string, handler: BusHandler<T>): () => void;
  /** Answers requests on `subject` (one responder per subject in a process) until the returned function is called. */
  serve(subject: string, responder: BusResponder): () => void;
  /** Asks whoever serves `subject`; rejects with `NoAnswerError` when nobody serves it or nobody answers in time. */
  request(subject: string, message: unknown, timeoutMs: number): Promise<unknown>;
  /** Resolves once every subscription and message so far has reached the other processes. */
  flush?(): Promise<void>;
  close(): Promise<void>;
}

/** Nobody serves the subject, or the one who does did not answer within the timeout. */
export class NoAnswerError extends Error {
  readonly why: 'no responder' | 'timeout';

  constructor(subject: string, why: 'no responder' | 'timeout', cause?: unknown) {
    super(why === 'no responder' ? `nobody serves ${subject}` : `no answer on ${subject} in time`, cause === undefined ? undefined : { cause });
    this.name = 'NoAnswerError';
    this.why = why;
  }
}

/** Subject of the requests forwarded to an account's owner. */
export function commandSubject(accountId: string): string {
  return `account.${accountId}.commands`;
}

/** Subject carrying every journaled event of one account, in journal order. */
export function accountSubject(accountId: string): string {
  return `account.${accountId}.events`;
}

/** Delivers synchronously, in publish order, to handlers registered for the exact subject. */
export class InProcessBus implements Bus {
  readonly #handlers = new Map<string, Set<BusHandler>>();
  readonly #responders = new Map<string, BusResponder>();

  publish(subject: string, message: unknown): void {
    const handlers = this.#handlers.get(subject);
    if (!handlers) return;
    for (const handler of handlers) {
      try {
        handler(message);
      } catch {
        // A failing consumer must not stop delivery to the others; consumers log their own errors.
      }
    }
  }

  subscribe<T = unknown>(subject: string, handler: BusHandler<T>): () => void {
    let handlers = this.#handlers.get(subject);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(subject, handlers);
    }
    const h = handler as BusHandler;
    handlers.add(h);
    return () => {
      handlers.delete(h);
      if (handlers.size === 0) this.#handlers.delete(subject);
    };
  }

  serve(subject: string, responder: BusResponder): () => void {
    this.#responders.set(subject, responder);
    return () => {
      if (this.#responders.get(subject) === responder) this.#responders.delete(subject);
    };
  }

  /** This process's responder, if it has one for the subject. */
  responder(subject: string): BusResponder | undefined {
    return this.#responders.get(subject);
  }

  async request(subject: string, message: unknown, timeoutMs: number): Promise<unknown> {
    const responder = this.#responders.get(subject);
    if (responder === undefined) throw new NoAnswerError(subject, 'no responder');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new NoAnswerError(subject, 'timeout')), timeoutMs);
    });
    try {
      // A copy, as a remote responder would get: nothing is shared with the caller.
      return await Promise.race([responder(structuredClone(message)), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.#handlers.clear();
    this.#responders.clear();
  }
}
