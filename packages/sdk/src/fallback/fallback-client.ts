/**
 * `FallbackTradingClient`: the same client surface, offline, over the real paper engine and the simulated market
 * the server runs by default — the same instruments, rules, validation and error codes, in process.
 */
import { DatafeedService, LiveSimulatedSource, PaperEngine } from '@trading-pro/engine';
import type { TradingClient } from '../interfaces.ts';
import { BrokerFallbackClient } from './broker-fallback-client.ts';
import { DatafeedFallbackClient } from './datafeed-fallback-client.ts';
import { FallbackSession } from './fallback-session.ts';
import { FallbackStream } from './fallback-stream.ts';

export interface FallbackOptions {
  /** Account id the simulation acts for (default `DEMO-001`, as the server's default). */
  readonly accountId?: string;
  readonly accountName?: string;
  readonly currency?: string;
  /** Starting cash (default 100,000). */
  readonly initialBalance?: number;
  /** Seed of the simulated market (default 42): the same seed and start time give the same prices. */
  readonly seed?: number;
  /** Milliseconds between market steps (default 500; 0 disables the timer, then call `tick()`). */
  readonly tickMs?: number;
  /** Commission as a fraction of notional (default 0, as the server's default paper broker). */
  readonly commissionRate?: number;
  readonly now?: () => number;
}

export class FallbackTradingClient implements TradingClient {
  readonly broker: BrokerFallbackClient;
  readonly datafeed: DatafeedFallbackClient;
  readonly stream: FallbackStream;
  readonly offline = true;
  readonly accountId: string;
  readonly #session: FallbackSession;
  readonly #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: FallbackOptions = {}) {
    const now = options.now ?? Date.now;
    const identity = { id: options.accountId ?? 'DEMO-001', name: options.accountName ?? 'Demo (offline)', currency: options.currency ?? 'USD' };
    this.accountId = identity.id;
    const source = new LiveSimulatedSource({ seed: options.seed ?? 42, now });
    const engine = new PaperEngine({
      accountId: identity.id,
      accountName: identity.name,
      currency: identity.currency,
      initialBalance: options.initialBalance ?? 100_000,
      instruments: source.instruments(),
      commission: { rate: options.commissionRate ?? 0, min: 0 },
    });
    // A new subscriber's first update (current quote, forming bar) comes from the session.
    this.stream = new FallbackStream((route, params) => this.#session.snapshot(route, params));
    this.#session = new FallbackSession(engine, source, this.stream, identity.id, now);
    this.broker = new BrokerFallbackClient(this.#session, identity);
    this.datafeed = new DatafeedFallbackClient(new DatafeedService(source));
    const tickMs = options.tickMs ?? 500;
    if (tickMs > 0) {
      this.#timer = setInterval(() => this.tick(), tickMs);
      // The simulation must not keep a Node process alive on its own.
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  /** Advances the simulated market to the clock's time (tests and tickMs 0). */
  tick(): void {
    this.#session.tick();
  }

  close(): void {
    clearInterval(this.#timer);
    this.stream.close();
  }
}

