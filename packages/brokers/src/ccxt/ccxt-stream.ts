/**
 * The venue's user stream through ccxt pro (watchOrders, watchMyTrades): delivers pushes, and on a broken
 * connection reports it, backs off, reconnects (the next watch call opens and authenticates a new socket)
 * and asks for a REST reconciliation once a socket is open again, because pushes sent meanwhile are lost.
 */
import type { Exchange, Order as CcxtOrder, Trade as CcxtTrade } from 'ccxt';
import { backoffDelay, type BackoffOptions } from '../common/retry.ts';

export interface StreamHandlers {
  readonly onOrders: (orders: readonly CcxtOrder[]) => void;
  readonly onTrades: (trades: readonly CcxtTrade[]) => void;
  /** The connection broke (reported once per outage). */
  readonly onDown: (error: unknown) => void;
  /** A socket is open again: reconcile, then report Connected. */
  readonly onUp: () => Promise<void>;
}

export class UserStream {
  readonly #exchange: Exchange;
  readonly #handlers: StreamHandlers;
  readonly #backoff: BackoffOptions;
  #running = false;
  #down = false;
  #recovering = false;
  #loops: Promise<void>[] = [];

  readonly #confirm: ((exchange: Exchange) => Promise<void>) | undefined;

  constructor(exchange: Exchange, handlers: StreamHandlers, backoff: BackoffOptions, confirm?: (exchange: Exchange) => Promise<void>) {
    this.#confirm = confirm;
    this.#exchange = exchange;
    this.#handlers = handlers;
    this.#backoff = backoff;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const exchange = this.#exchange;
    this.#loops = [
      this.#loop(() => exchange.watchOrders(), (orders) => this.#handlers.onOrders(orders)),
      ...(exchange.has['watchMyTrades'] === true ? [this.#loop(() => exchange.watchMyTrades(), (trades) => this.#handlers.onTrades(trades))] : []),
    ];
  }

  /** Waits (up to `timeoutMs`) for an open socket and the venue's subscription confirmation. */
  async ready(timeoutMs: number, confirm?: (exchange: Exchange) => Promise<void>): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#socketOpen()) {
      if (!this.#running || Date.now() > deadline) return false;
      await sleep(10);
    }
    if (confirm === undefined) return true;
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())).unref());
    return Promise.race([confirm(this.#exchange).then(() => true, () => false), timeout]);
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.allSettled(this.#loops);
    this.#loops = [];
  }

  async #loop<T>(watch: () => Promise<T[]>, deliver: (items: T[]) => void): Promise<void> {
    let failures = 0;
    while (this.#running) {
      try {
        const items = await watch();
        failures = 0;
        if (this.#running) deliver(items);
      } catch (error) {
        if (!this.#running) return;
        failures += 1;
        if (!this.#down) {
          this.#down = true;
          this.#handlers.onDown(error);
        }
        await sleep(backoffDelay(this.#backoff, failures));
        void this.#recover();
      }
    }
  }

  /** Waits for the next watch call's socket to open, then lets the owner reconcile. */
  async #recover(): Promise<void> {
    if (this.#recovering || !this.#down) return;
    this.#recovering = true;
    try {
      for (let tries = 0; this.#running && tries < 3; tries += 1) {
        if (await this.ready(this.#backoff.maxDelayMs + 5_000, this.#confirm)) {
          await this.#handlers.onUp();
          this.#down = false;
          return;
        }
      }
    } catch {
      // The reconciliation failed: the next failure or the periodic timer tries again.
    } finally {
      this.#recovering = false;
    }
  }

  #socketOpen(): boolean {
    const clients = Object.values(this.#exchange.clients as Record<string, { isConnected?: boolean }>);
    return clients.some((client) => client.isConnected === true);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
