/** What differs between ccxt venues: the exchange class, options, limits, capabilities and venue enums. */
import type { Exchange, Order as CcxtOrder } from 'ccxt';
import type { OrderStatus, TimeInForce } from '@trading-pro/contracts';
import type { RateLimitSignal, RateLimiter } from '../common/rate-limiter.ts';

export type MarketKind = 'spot' | 'swap';

/** How a derivatives account holds positions: one net position per symbol, or long and short apart (hedge mode). */
export type PositionMode = 'net' | 'hedge';

/**
 * A venue service apart from the order book that holds conditional (stop) orders until they trigger (Binance
 * USDⓈ-M's algo orders): its own ids, endpoints and stream events. A triggered order continues as a book order,
 * whose id the service reports; from then on that order is the one to follow.
 */
export interface ConditionalOrderService {
  /** ccxt params that address the service (lookups by id, cancels, open-order lists). */
  readonly params: Readonly<Record<string, unknown>>;
  /** ccxt params that look one of the service's orders up by the client id it was placed with. */
  readonly byClientId: (clientOrderId: string) => Record<string, unknown>;
  /** Whether a ccxt order (by its raw `info`) is one of the service's orders rather than a book order. */
  readonly isServiceOrder: (info: Readonly<Record<string, unknown>>) => boolean;
  /** The book order a triggered conditional order became, once the venue names it. */
  readonly triggeredOrderId: (info: Readonly<Record<string, unknown>>) => string | undefined;
}

export interface CcxtExchangeArgs {
  readonly apiKey: string;
  readonly secret: string;
  readonly password?: string;
  readonly enableRateLimit: boolean;
  readonly timeout: number;
  readonly options: Record<string, unknown>;
}

export interface CcxtVenueSpec {
  /** Adapter id (`binance`, …), also the YAML key under `brokers:`. */
  readonly kind: string;
  readonly create: (args: CcxtExchangeArgs) => Exchange;
  readonly marketKinds: readonly MarketKind[];
  /** The venue's published request budget, as a token bucket. */
  readonly limits: { readonly capacity: number; readonly refillPerSecond: number };
  /** Budgets by account tier (`tier` option), where the venue's limits depend on it. */
  readonly tierLimits?: Readonly<Record<string, { readonly capacity: number; readonly refillPerSecond: number }>>;
  /** Time-in-force values the venue has (DAY is rejected with UNSUPPORTED_ORDER where absent). */
  readonly durations: readonly TimeInForce[];
  /**
   * Time in force a market order may carry: Binance refuses any (-1106: a market order is immediate by nature), so
   * IOC is sent as a plain market order and FOK is refused (422). Undefined: IOC and FOK are sent.
   */
  readonly marketDurations?: readonly TimeInForce[];
  readonly supportsEditOrder: boolean;
  /** Edits cancel the order and place a replacement with a new client id (Binance cancel-replace), rather than amend it. */
  readonly editReplacesOrder?: boolean | ((market: MarketKind) => boolean);
  readonly supportsStopOrders: boolean;
  readonly supportsStopLimitOrders: boolean;
  /** Attached take-profit/stop-loss on an entry order. */
  readonly supportsBrackets: (market: MarketKind) => boolean;
  /** ccxt options for the chosen market kind (market list types, default type…). */
  readonly ccxtOptions: (market: MarketKind) => Record<string, unknown>;
  /** The venue's own order status (from ccxt's `info`) mapped explicitly; undefined falls back to ccxt's. */
  readonly parseOrderStatus: (info: Readonly<Record<string, unknown>>) => OrderStatus | undefined;
  /** Extra ccxt params for a stop trigger (venues differ: trigger direction, price type…). */
  readonly stopParams?: (stopPrice: number, side: 'buy' | 'sell', market: MarketKind) => Record<string, unknown>;
  /** Extra params for `fetchOrder` (acknowledgements some ccxt venues insist on). */
  readonly fetchOrderParams?: Readonly<Record<string, unknown>>;
  /**
   * The venue's own "too many requests" answers (Bybit's retCode 10006 and 403 ban, OKX's 50011, Kraken's
   * `EAPI:Rate limit exceeded`) and how long each asks us to wait; a 429/418 with Retry-After needs none.
   */
  readonly rateLimitSignal?: RateLimitSignal;
  /** What a request counts against the venue's budget beyond the one token taken for it (by URL). */
  readonly extraWeight?: (url: string) => number;
  /** Venue-specific response headers (used-weight counters) that should slow us down. */
  readonly observeHeaders?: (headers: Readonly<Record<string, string | undefined>>, limiter: RateLimiter) => void;
  /** Finds an order by client id; defaults to scanning open then closed orders of the symbol. */
  readonly fetchByClientOrderId?: (exchange: Exchange, clientOrderId: string, symbol: string, market: MarketKind) => Promise<CcxtOrder | undefined>;
  /** Resolves once the user stream's subscription is confirmed (pushes sent before that are lost). */
  readonly streamReady?: (exchange: Exchange) => Promise<void>;
  /** Venue quirks in ccxt's parsed orders fixed before they are read (Kraken's stop-loss trigger). */
  readonly normalizeOrder?: (order: CcxtOrder) => CcxtOrder;
  /** The commission charged on a fill, read from the venue's own payload where ccxt's sign is unreliable (OKX). */
  readonly tradeFee?: (info: Readonly<Record<string, unknown>>) => number | undefined;
  /** Asks the venue what the key may do, at connect: a reason when it cannot trade (→ FORBIDDEN). */
  readonly tradePermissionProblem?: (exchange: Exchange) => Promise<string | undefined>;
  /** Cash (wallet balance without unrealized P&L) of a currency, where ccxt's total includes the P&L (OKX `eq`). */
  readonly cashBalance?: (balanceInfo: unknown, currency: string) => number | undefined;
  /** Reads the credential check's raw balance answer: a reason when the key cannot trade (→ FORBIDDEN). */
  readonly permissionProblem?: (balanceInfo: Readonly<Record<string, unknown>>) => string | undefined;
  /**
   * Open orders of all symbols in one request (how reconciliation finds orders placed elsewhere): false where the
   * venue needs a symbol, else extra params for the call (Bybit's category settle coin).
   */
  readonly openOrdersEverywhere?: false | ((market: MarketKind) => Record<string, unknown>);
  /** The venue's server time, to measure our clock's offset at connect (signed requests carry timestamps). */
  readonly serverTime?: (exchange: Exchange) => Promise<number>;
  /** Switches the exchange to the venue's test environment for the market kind (default: ccxt's sandbox mode). */
  readonly sandbox?: (exchange: Exchange, market: MarketKind) => void;
  /** The service that holds stop orders on this market kind, where they are not book orders (Binance USDⓈ-M). */
  readonly conditionalOrders?: (market: MarketKind) => ConditionalOrderService | undefined;
  /** Why stop orders are refused on this market kind, where they are (422 UNSUPPORTED_ORDER, nothing sent). */
  readonly stopsRefused?: (market: MarketKind) => string | undefined;
  /** Extra params to cancel an order of ours (Bybit spot stops live in their own book: `trigger`). */
  readonly cancelParams?: (order: { readonly type: number; readonly status: number }, market: MarketKind) => Record<string, unknown>;
  /** The account's position mode as the venue reports it (OKX `posMode`); `positionMode` in the options wins. */
  readonly positionMode?: (exchange: Exchange) => Promise<PositionMode | undefined>;
  /** Regional API hosts (`region` option): ccxt's `hostname` for REST and the WebSocket host to use. */
  readonly regions?: Readonly<Record<string, { readonly hostname: string; readonly wsHost?: string }>>;
  /** Client order id alphabet/length the venue accepts. */
  readonly clientOrderIdMaxLength: number;
}
