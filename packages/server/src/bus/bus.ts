/**
 * The bus between account services and the WebSocket gateway. In-process now; a NATS implementation
 * can replace it for scale-out (subjects map to NATS subjects one to one).
 */
export type BusHandler<T = unknown> = (message: T) => void;

export interface Bus {
  publish(subject: string, message: unknown): void;
  subscribe<T = unknown>(subject: string, handler: BusHandler<T>): () => void;
  close(): Promise<void>;
}

/** Subject carrying every journaled event of one account, in journal order. */
export function accountSubject(accountId: string): string {
  return `account.${accountId}.events`;
}

/** Delivers synchronously, in publish order, to handlers registered for the exact subject. */
export class InProcessBus implements Bus {
  readonly #handlers = new Map<string, Set<BusHandler>>();

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

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
