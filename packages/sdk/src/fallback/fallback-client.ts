/** `FallbackTradingClient`: the same client surface over an in-process paper simulation, for running offline. */
import { parseFixed, toFixed } from '@trading-pro/contracts';
import type { TradingClient } from '../interfaces.ts';
import { BrokerFallbackClient } from './broker-fallback-client.ts';
import { DatafeedFallbackClient } from './datafeed-fallback-client.ts';
import { FallbackStream } from './fallback-stream.ts';
import { SimEngine } from './sim-engine.ts';
import { SimLedger } from './sim-ledger.ts';
import { SimMarket } from './sim-market.ts';

export interface FallbackOptions {
  /** Account id the simulation acts for (default `DEMO-001`, as the server's default). */
  readonly accountId?: string;
  readonly accountName?: string;
  readonly currency?: string;
  /** Starting cash (default 100,000). */
  readonly initialBalance?: number;
  /** Seed of the random walks (default 42): the same seed gives the same prices. */
  readonly seed?: number;
  /** Milliseconds between simulated ticks (default 500; 0 disables the timer, then call `tick()`). */
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
  readonly #engine: SimEngine;
  readonly #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: FallbackOptions = {}) {
    const now = options.now ?? Date.now;
    const identity = { id: options.accountId ?? 'DEMO-001', name: options.accountName ?? 'Demo (offline)', currency: options.currency ?? 'USD' };
    this.accountId = identity.id;
    const market = new SimMarket(options.seed ?? 42, now());
    const ledger = new SimLedger(identity, toFixed(options.initialBalance ?? 100_000), market);
    this.stream = new FallbackStream((route, params) => {
      const symbol = params.symbol ?? '';
      if (route === 'quotes') return market.quoteData(symbol);
      return market.instrument(symbol) ? market.bar(symbol.toUpperCase()) : undefined;
    });
    this.#engine = new SimEngine(market, ledger, this.stream, {
      accountId: identity.id,
      commissionRate: options.commissionRate === undefined ? parseFixed('0') : toFixed(options.commissionRate),
      now,
    });
    this.broker = new BrokerFallbackClient(this.#engine, identity);
    this.datafeed = new DatafeedFallbackClient(market);
    const tickMs = options.tickMs ?? 500;
    if (tickMs > 0) {
      this.#timer = setInterval(() => this.#engine.tick(), tickMs);
      // The simulation must not keep a Node process alive on its own.
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  /** Advances the simulated market one step (tests and tickMs 0). */
  tick(): void {
    this.#engine.tick();
  }

  close(): void {
    clearInterval(this.#timer);
    this.stream.close();
  }
}
