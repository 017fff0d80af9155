/** The typed route methods and the event callbacks shared by the WebSocket stream and the offline fallback stream. */
import type { ConnectionState, Listener, StreamClient, StreamError, Subscription, Unsubscribe } from '../interfaces.ts';
import { TradingProError } from '../errors.ts';
import type { Bar, BrokerConnectionStatus, EquityData, Execution, Order, Position, QuoteData } from '../types.ts';
import type { RouteParams, StreamRoute, StreamRouteData } from './routes.ts';

/** A set of callbacks; one throwing does not stop the others. */
export class Callbacks<T> {
  readonly #callbacks = new Set<(value: T) => void>();

  add(callback: (value: T) => void): Unsubscribe {
    this.#callbacks.add(callback);
    return () => void this.#callbacks.delete(callback);
  }

  emit(value: T, onThrow?: (error: unknown) => void): void {
    for (const callback of [...this.#callbacks]) {
      try {
        callback(value);
      } catch (error) {
        onThrow?.(error);
      }
    }
  }

  clear(): void {
    this.#callbacks.clear();
  }
}

/** The `ready` side of one listener's subscription: settled once, by the server's answer or by the listener leaving. */
export class Readiness {
  readonly promise: Promise<void>;
  #resolve: () => void = () => undefined;
  #reject: (error: TradingProError) => void = () => undefined;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A refusal nobody awaits must not become an unhandled rejection; awaiting `ready` still sees it.
    this.promise.catch(() => undefined);
  }

  confirm(): void {
    this.#resolve();
  }

  refuse(code: string, message: string): void {
    this.#reject(new TradingProError({ code, message }));
  }
}

/** Attaches `ready` to an unsubscribe function. */
export function subscription(unsubscribe: Unsubscribe, ready: Promise<void>): Subscription {
  return Object.assign(() => unsubscribe(), { ready });
}

export abstract class StreamBase implements StreamClient {
  protected readonly stateChanges = new Callbacks<ConnectionState>();
  protected readonly staleEvents = new Callbacks<string>();
  protected readonly freshEvents = new Callbacks<string>();
  protected readonly errors = new Callbacks<StreamError>();
  protected readonly resyncs = new Callbacks<string>();

  /** Adds a listener to the route's topic for these params. */
  abstract listen<R extends StreamRoute>(route: R, params: RouteParams, listener: Listener<StreamRouteData[R]>): Subscription;
  abstract get state(): ConnectionState;
  abstract staleTopics(): string[];
  abstract topics(): string[];
  abstract close(): void;

  orders(accountId: string, listener: Listener<Order>): Subscription {
    return this.listen('orders', { accountId }, listener);
  }

  positions(accountId: string, listener: Listener<Position>): Subscription {
    return this.listen('positions', { accountId }, listener);
  }

  executions(accountId: string, listener: Listener<Execution>, options: { readonly symbol?: string } = {}): Subscription {
    return this.listen('executions', options.symbol === undefined ? { accountId } : { accountId, symbol: options.symbol }, listener);
  }

  equity(accountId: string, listener: Listener<EquityData>): Subscription {
    return this.listen('equity', { accountId }, listener);
  }

  brokerConnection(accountId: string, listener: Listener<BrokerConnectionStatus>): Subscription {
    return this.listen('broker-connection', { accountId }, listener);
  }

  bars(symbol: string, resolution: string, listener: Listener<Bar>): Subscription {
    return this.listen('bars', { symbol, resolution }, listener);
  }

  quotes(symbol: string, listener: Listener<QuoteData>): Subscription {
    return this.listen('quotes', { symbol }, listener);
  }

  onStateChange(callback: (state: ConnectionState) => void): Unsubscribe {
    return this.stateChanges.add(callback);
  }

  onStale(callback: (topic: string) => void): Unsubscribe {
    return this.staleEvents.add(callback);
  }

  onFresh(callback: (topic: string) => void): Unsubscribe {
    return this.freshEvents.add(callback);
  }

  onError(callback: (error: StreamError) => void): Unsubscribe {
    return this.errors.add(callback);
  }

  onResync(callback: (topic: string) => void): Unsubscribe {
    return this.resyncs.add(callback);
  }

  /** Reports a listener's exception without breaking delivery to the others. */
  protected listenerFailed(topic: string, error: unknown): void {
    this.errors.emit({ code: 'LISTENER_ERROR', message: error instanceof Error ? error.message : String(error), topic });
  }
}
