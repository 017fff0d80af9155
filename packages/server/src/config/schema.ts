/** The configuration file's schema (CONTRACT.md §Running and configuration). */
import { BROKER_OPTIONS_SCHEMAS as BROKERS } from '@trading-pro/brokers/options';
import { Type } from 'typebox';

/** `brokers:`: one optional section per built-in venue, each the adapter's own options schema. */
const brokersSchema = Type.Object(
  {
    paper: Type.Optional(BROKERS.paper),
    binance: Type.Optional(BROKERS.binance),
    bybit: Type.Optional(BROKERS.bybit),
    okx: Type.Optional(BROKERS.okx),
    kraken: Type.Optional(BROKERS.kraken),
    alpaca: Type.Optional(BROKERS.alpaca),
    ib: Type.Optional(BROKERS.ib),
  },
  { additionalProperties: false },
);

const sourceKind = Type.Union([Type.Literal('simulated'), Type.Literal('csv'), Type.Literal('ccxt'), Type.Literal('alpaca'), Type.Literal('ib')], {
  description: 'simulated market, CSV bar files, an exchange through ccxt, the Alpaca market data API, or IB market data through TWS / IB Gateway',
});

/** One market source: the fields its kind needs (the others are refused at start with the key's path). */
const sourceSchema = Type.Object(
  {
    kind: sourceKind,
    seed: Type.Optional(Type.Integer()),
    intervalMs: Type.Optional(Type.Integer({ minimum: 10 })),
    csvDir: Type.Optional(Type.String({ description: 'csv: directory of <SYMBOL>.csv bar files' })),
    exchange: Type.Optional(Type.String({ description: 'ccxt: exchange id, e.g. binance' })),
    symbols: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'ccxt, alpaca, ib: the symbols to quote' })),
    baseUrl: Type.Optional(Type.String({ description: "ccxt: replaces the exchange's REST origin; alpaca: the market data API origin" })),
    wsUrl: Type.Optional(Type.String({ description: "ccxt: replaces the exchange's WebSocket origin; alpaca: the stream origin" })),
    stream: Type.Optional(Type.Boolean({ description: 'ccxt, alpaca: stream quotes over WebSocket (else poll every intervalMs)' })),
    keyId: Type.Optional(Type.String({ description: 'alpaca: API key id' })),
    secretKey: Type.Optional(Type.String({ description: 'alpaca: API secret key' })),
    feed: Type.Optional(Type.Union([Type.Literal('iex'), Type.Literal('sip')], { description: 'alpaca: data feed (default iex, the free one)' })),
    host: Type.Optional(Type.String({ minLength: 1, description: 'ib: TWS / IB Gateway host (default 127.0.0.1)' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'ib: TWS / IB Gateway port (default 7497)' })),
    clientId: Type.Optional(Type.Integer({ minimum: 0, description: "ib: an API client id of the source's own (default 90)" })),
  },
  { additionalProperties: false },
);

const accountSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Type.String({ minLength: 1 }),
    broker: Type.String({ minLength: 1, description: 'Adapter id: paper, binance, bybit, okx, kraken, alpaca, ib' }),
    currency: Type.String({ minLength: 3, maxLength: 8 }),
    initialBalance: Type.Number({ exclusiveMinimum: 0 }),
    marketSource: Type.Optional(
      Type.String({ minLength: 1, description: 'A name from market.sources: the quotes a paper account trades on (default: the main market source)' }),
    ),
    // Paper models of this account (latency, slippage, commission, fill, offHours), over brokers.paper: the same keys.
    paper: Type.Optional(BROKERS.paper),
    risk: Type.Optional(
      Type.Object(
        {
          maxOrderNotional: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Largest notional of one order, in the account currency' })),
          maxPositionNotional: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Largest notional of one position if the order filled' })),
          maxOpenOrders: Type.Optional(Type.Integer({ minimum: 1, description: 'Most orders working at once' })),
          maxDailyLoss: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Loss since the UTC day started beyond which only reducing orders are taken' })),
        },
        { additionalProperties: false, description: 'Per-account limits: an order that breaks one is rejected with RISK_LIMIT' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ConfigSchema = Type.Object(
  {
    server: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        modules: Type.Array(Type.Union([Type.Literal('broker'), Type.Literal('datafeed')]), { minItems: 1 }),
        logLevel: Type.Union([
          Type.Literal('fatal'),
          Type.Literal('error'),
          Type.Literal('warn'),
          Type.Literal('info'),
          Type.Literal('debug'),
          Type.Literal('trace'),
          Type.Literal('silent'),
        ]),
        web: Type.Boolean({ description: 'Serve the web terminal at / (and the TradingView example at /tradingview/)' }),
        tradingview: Type.Optional(
          Type.Object(
            {
              dir: Type.Optional(Type.String({ minLength: 1, description: 'Directory served at /tradingview/ once it holds charting_library/; default examples/tradingview of the repository' })),
              bundle: Type.Optional(Type.String({ minLength: 1, description: 'The adapters\' browser bundle served at /tradingview/trading-pro-tradingview.js; default packages/tradingview/dist/browser/trading-pro-tradingview.js' })),
            },
            { additionalProperties: false, description: 'The TradingView example page (with server.web)' },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    storage: Type.Union([
      Type.Object(
        {
          driver: Type.Literal('sqlite'),
          path: Type.String({ minLength: 1 }),
          sync: Type.Union([Type.Literal('normal'), Type.Literal('full')], { description: 'SQLite synchronous mode' }),
          snapshotEvery: Type.Optional(Type.Integer({ minimum: 100, description: 'Events between account snapshots, or four per working order and open position when more (restart folds at most that many)' })),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          driver: Type.Literal('postgres'),
          url: Type.String({ minLength: 1, description: 'postgres://user:password@host:5432/database' }),
          schema: Type.Optional(Type.String({ minLength: 1, maxLength: 63, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'Schema holding the tables (created when missing); default public' })),
          snapshotEvery: Type.Optional(Type.Integer({ minimum: 100, description: 'Events between account snapshots, or four per working order and open position when more (restart folds at most that many)' })),
        },
        { additionalProperties: false },
      ),
    ]),
    bus: Type.Union([
      Type.Object({ driver: Type.Literal('inprocess') }, { additionalProperties: false }),
      Type.Object(
        {
          driver: Type.Literal('nats'),
          servers: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], { description: 'nats://host:4222, or a list' }),
          prefix: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]*$', description: 'Subject prefix keeping deployments on one NATS server apart; default tp' })),
        },
        { additionalProperties: false },
      ),
    ]),
    cluster: Type.Optional(
      Type.Object(
        {
          leaseMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000, description: 'How long an account owner\'s lease lasts without renewal (ms); a dead owner is replaced within about this long; default 5000' })),
          forwardTimeoutMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000, description: 'How long a request forwarded to the owning process waits for its answer before 503 BROKER_UNAVAILABLE (ms); default 5000' })),
        },
        { additionalProperties: false, description: 'Account ownership between processes sharing PostgreSQL and NATS' },
      ),
    ),
    accounts: Type.Array(accountSchema, { minItems: 1 }),
    auth: Type.Object(
      {
        mode: Type.Union([Type.Literal('none'), Type.Literal('token')]),
        tokens: Type.Array(
          Type.Object({ token: Type.String({ minLength: 16 }), accountId: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        ),
      },
      { additionalProperties: false },
    ),
    market: Type.Object(
      {
        source: Type.Union([Type.Literal('simulated'), Type.Literal('csv'), Type.Literal('ccxt')]),
        seed: Type.Integer(),
        intervalMs: Type.Integer({ minimum: 10 }),
        csvDir: Type.Optional(Type.String({ description: 'csv: directory of <SYMBOL>.csv bar files' })),
        exchange: Type.Optional(Type.String({ description: 'ccxt: exchange id, e.g. binance' })),
        symbols: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'ccxt: unified symbols, e.g. BTC/USDT' })),
        baseUrl: Type.Optional(Type.String({ description: "ccxt: replaces the exchange's REST origin (a proxy, a local fake)" })),
        wsUrl: Type.Optional(Type.String({ description: "ccxt: replaces the exchange's WebSocket origin; alpaca: the stream origin" })),
        stream: Type.Optional(Type.Boolean({ description: 'ccxt: stream tickers over WebSocket (default: when the exchange can)' })),
        sources: Type.Optional(
          Type.Record(Type.String({ pattern: '^[A-Za-z0-9_-]+$' }), sourceSchema, {
            description: 'More named market sources; accounts pick one with marketSource, the datafeed serves them all',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    brokers: brokersSchema,
    http: Type.Object(
      {
        hosts: Type.Array(Type.String({ minLength: 1 }), {
          description: 'Host header values answered besides localhost, 127.0.0.1 and [::1] (a name matches any port; name:port only that port)',
        }),
        allowedOrigins: Type.Array(Type.String({ minLength: 1, pattern: '^https?://[^/]+$' }), {
          description: 'Browser origins (scheme://host[:port]) allowed to send commands and open WebSockets besides the server itself; CORS is answered for these only',
        }),
        trustProxy: Type.Array(Type.String({ minLength: 1 }), {
          description: 'Addresses or CIDR ranges (or "loopback") whose X-Forwarded-Proto/Host/For are believed',
        }),
      },
      { additionalProperties: false },
    ),
    metrics: Type.Object(
      {
        token: Type.Optional(Type.String({ minLength: 16, description: 'A bearer token that reads /metrics (in token mode any account token does too)' })),
      },
      { additionalProperties: false },
    ),
    limits: Type.Object(
      {
        enabled: Type.Boolean({ description: 'false turns every rate and connection limit off (replayLimit and headerTimeoutMs stay)' }),
        rest: Type.Object(
          {
            perSecond: Type.Number({ exclusiveMinimum: 0, description: 'Requests per second per credential (per client address in auth none) on /broker and /datafeed' }),
            burst: Type.Integer({ minimum: 1, description: 'Requests a credential may send at once before the rate applies' }),
          },
          { additionalProperties: false },
        ),
        ws: Type.Object(
          {
            perClient: Type.Integer({ minimum: 1, description: 'Open WebSocket connections per credential (per client address in auth none)' }),
            total: Type.Integer({ minimum: 1, description: 'Open WebSocket connections in total' }),
            subscribesPerSecond: Type.Number({ exclusiveMinimum: 0, description: 'Frames (subscribe, unsubscribe) per second per connection' }),
            replayLimit: Type.Integer({ minimum: 1, description: 'Most events a sinceSeq resume replays; beyond it the subscription answers RESYNC_REQUIRED' }),
          },
          { additionalProperties: false },
        ),
        headerTimeoutMs: Type.Integer({ minimum: 100, description: 'Sockets that have not sent a complete request head within this time are closed' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type Config = Type.Static<typeof ConfigSchema>;
export type AccountConfig = Config['accounts'][number];
