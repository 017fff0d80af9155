/** Builds brokers by kind from the configuration; a new venue registers one factory here. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { Broker, BrokerContext, BrokerFactory } from './broker.ts';

export class BrokerRegistry {
  readonly #factories = new Map<string, BrokerFactory>();

  register(kind: string, factory: BrokerFactory): this {
    this.#factories.set(kind, factory);
    return this;
  }

  has(kind: string): boolean {
    return this.#factories.has(kind);
  }

  kinds(): string[] {
    return [...this.#factories.keys()];
  }

  create(kind: string, context: BrokerContext, options: Readonly<Record<string, unknown>> = {}): Broker {
    const factory = this.#factories.get(kind);
    if (!factory) {
      throw new TradingError(ErrorCode.VALIDATION_ERROR, `unknown broker "${kind}" for account ${context.accountId}; known: ${this.kinds().join(', ')}`);
    }
    return factory(context, options);
  }
}
