/**
 * Builds brokers by kind from the configuration; a new venue registers one factory here. A venue whose client
 * library is heavy (ccxt, @stoqey/ib) registers a loader instead: its modules are imported when the first account
 * of that kind is built, so a process whose accounts need none of them never loads them.
 */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { Broker, BrokerContext, BrokerFactory } from './broker.ts';

/** Imports a venue's modules and returns its factory (called once, on the first account of its kind). */
export type BrokerFactoryLoader = () => Promise<BrokerFactory>;

export class BrokerRegistry {
  readonly #factories = new Map<string, BrokerFactory | BrokerFactoryLoader>();
  readonly #lazy = new Set<string>();

  register(kind: string, factory: BrokerFactory): this {
    this.#factories.set(kind, factory);
    this.#lazy.delete(kind);
    return this;
  }

  /** Registers a kind whose factory is imported on first use. */
  registerLazy(kind: string, load: BrokerFactoryLoader): this {
    this.#factories.set(kind, load);
    this.#lazy.add(kind);
    return this;
  }

  has(kind: string): boolean {
    return this.#factories.has(kind);
  }

  kinds(): string[] {
    return [...this.#factories.keys()];
  }

  async create(kind: string, context: BrokerContext, options: Readonly<Record<string, unknown>> = {}): Promise<Broker> {
    let factory = this.#factories.get(kind);
    if (!factory) {
      throw new TradingError(ErrorCode.VALIDATION_ERROR, `unknown broker "${kind}" for account ${context.accountId}; known: ${this.kinds().join(', ')}`);
    }
    if (this.#lazy.has(kind)) {
      factory = await (factory as BrokerFactoryLoader)();
      this.register(kind, factory);
    }
    return (factory as BrokerFactory)(context, options);
  }
}
