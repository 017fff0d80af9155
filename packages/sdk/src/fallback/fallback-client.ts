/** `FallbackTradingClient`: the same client surface over an in-process paper simulation, for running offline. */
import type { TradingClient } from '../interfaces.ts';

export interface FallbackOptions {
  /** Account id the simulation acts for (default `DEMO-001`). */
  readonly accountId?: string;
  readonly accountName?: string;
  readonly currency?: string;
  /** Starting cash (default 100,000). */
  readonly initialBalance?: number;
  /** Seed of the random walks (default 42): the same seed gives the same prices. */
  readonly seed?: number;
  /** Milliseconds between simulated ticks (default 500). */
  readonly tickMs?: number;
  /** Commission as a fraction of notional (default 0.001). */
  readonly commissionRate?: number;
  readonly now?: () => number;
}

export class FallbackTradingClient implements TradingClient {
  readonly broker: TradingClient['broker'];
  readonly datafeed: TradingClient['datafeed'];
  readonly stream: TradingClient['stream'];
  readonly offline = true;

  constructor(options: FallbackOptions = {}) {
    void options;
    throw new Error('FallbackTradingClient: being implemented');
  }

  close(): void {}
}
