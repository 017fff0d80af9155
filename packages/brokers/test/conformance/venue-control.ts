/** What the conformance suite needs from a venue under test (a fake server, or the paper engine's market). */
import type { AccountCore } from '../../src/account/account-core.ts';
import type { Broker, BrokerEvent } from '../../src/broker.ts';
import type { HarnessOptions } from './account-harness.ts';

export interface VenueControl {
  /** The symbol to trade, as the broker names it. */
  readonly symbol: string;
  /** A small quantity the venue accepts. */
  readonly qty: number;
  /** A quantity below the market's minimum. */
  readonly tooSmallQty: number;
  /** A quantity the account cannot afford. */
  readonly unaffordableQty: number;
  price(): number;
  /** Moves the market (resting orders that cross fill). */
  setPrice(price: number): void;
  /** Orders the venue has accepted so far (the duplicate-order check). */
  ordersAccepted(): number;
  /** Cash of the account currency at the venue. */
  cash(): number;
  /** Buying power the venue reports; a cash account's is its cash (the default). */
  buyingPower?(): number;
  /** Requests the venue received so far. */
  requestCount(): number;
  /** Fault injection; a venue that cannot simulate one leaves it undefined and the case is skipped. */
  readonly faults?: {
    /** The next order is accepted but its response never arrives. */
    withholdNextOrderResponse(): void;
    /** The next order request is dropped before the venue sees it. */
    dropNextOrderRequest(): void;
    /** The next request is answered 429 with this Retry-After (venues without such an answer leave it out). */
    rateLimitNext?(retryAfterS: number): void;
    /** Pushes are silently dropped while paused. */
    pauseStream(paused: boolean): void;
    /** Closes the user-stream sockets. */
    dropStream(): void;
    /** The next order request reaches the venue only after `delayMs` and is never answered (a lookup races it). */
    delayNextOrder(delayMs: number): void;
  };
  /** Places an order at the venue directly (its website, another program): not through this adapter. */
  placeExternal?(side: 'buy' | 'sell', price: number): void;
  /**
   * Makes every later fill at most `maxQty` (the rest fills on the next price) and charges `feeRate` of each fill's
   * notional where the venue charges commissions; returns the fee rate the venue will charge.
   */
  fillModel?(options: { readonly maxQty?: number; readonly feeRate?: number }): number;
  /**
   * What the venue supports: modify of a working order, a DAY time in force. `placingFirst` (default true):
   * the adapter sends orders over a network and journals a Placing order before sending it; an in-process
   * venue (the paper engine) or one whose first state is the venue's answer (Alpaca) says false.
   * `modifyReplacesId`: a modify replaces the order with one under a new id (Alpaca), commands on the old id follow it.
   */
  readonly supports: {
    readonly modify: boolean;
    readonly day: boolean;
    readonly placingFirst?: boolean;
    readonly modifyReplacesId?: boolean;
    /** Stop-market and stop-limit orders (default true); false: they are refused with 422. */
    readonly stops?: boolean;
    /**
     * The venue refuses a request that arrives after later ones (Kraken's increasing nonce): an order overtaken by
     * its own lookup never executes, and the adapter must settle it as never received.
     */
    readonly lateOrdersRefused?: boolean;
    /**
     * The venue's rate-limit answer carries no wait (OKX's 50011): the adapter waits this long; a case that needs a
     * long venue-given wait does not apply.
     */
    readonly fixedRateLimitWaitMs?: number;
    /** The venue reports commissions per order rather than per execution (IB's commissionReport): fees are checked on the order. */
    readonly feesOnOrder?: boolean;
    /** Orders placed outside the platform can be canceled through it (false at IB: only the owning client may). */
    readonly cancelExternal?: boolean;
    /** Short positions and reverses (derivatives, margin accounts). */
    readonly short?: boolean;
  };
}

export interface ConformanceSubject {
  readonly broker: Broker;
  /** The account core the broker reports to: commands go through it, reads come from it. */
  readonly core: AccountCore;
  readonly venue: VenueControl;
  /** Every committed event of the account, in journal order. */
  readonly events: BrokerEvent[];
  /** Waits the adapter asked its clock for (rate limits), skipped by the test clock; absent when it uses real timers. */
  readonly sleeps?: readonly number[];
  close(): Promise<void>;
  /**
   * Builds a new adapter and account core over the same journal and the same venue (a process restart); the
   * old adapter must be disconnected first. The new one is not connected yet.
   */
  restart?(): Promise<ConformanceSubject>;
}

/**
 * Builds a fresh, unconnected broker against a fresh venue, reporting to a fresh account core that has loaded it;
 * `options` override adapter options, `account` the core's (risk limits).
 */
export type ConformanceSetup = (options?: Readonly<Record<string, unknown>>, account?: HarnessOptions) => Promise<ConformanceSubject>;
