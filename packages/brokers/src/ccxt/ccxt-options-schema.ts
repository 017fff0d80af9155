/** The `brokers.<venue>` keys of the ccxt venues, as a TypeBox schema (kept apart from ccxt so the config loads without it). */
import { Type } from 'typebox';

const text = (description?: string) => Type.Optional(Type.String(description === undefined ? {} : { description }));
const ms = (description?: string) => Type.Optional(Type.Number({ minimum: 0, ...(description === undefined ? {} : { description }) }));

/**
 * Every key a ccxt venue's section (`brokers.binance`, `.bybit`, `.okx`, `.kraken`) accepts; composed into the
 * configuration schema. Venue-specific values (market kinds, tiers, regions) are checked by `parseCcxtBrokerOptions`.
 */
export const CcxtBrokerOptionsSchema = Type.Object(
  {
    apiKey: text(),
    secret: text(),
    password: text('Passphrase (OKX)'),
    baseUrl: text("Replaces the venue's REST origin"),
    wsUrl: text("Replaces the venue's WebSocket origin"),
    testnet: Type.Optional(Type.Boolean()),
    market: text('spot, or a derivatives market where the venue has one'),
    timeoutMs: ms(),
    ccxtRateLimit: Type.Optional(Type.Boolean()),
    maxRateLimitWaitMs: ms(),
    backoff: Type.Optional(
      Type.Object({ attempts: Type.Optional(Type.Integer({ minimum: 1 })), initialDelayMs: ms(), maxDelayMs: ms() }, { additionalProperties: false }),
    ),
    quote: text('The account currency on the venue (default USDT)'),
    reconcileIntervalMs: ms(),
    accountRefreshMs: ms(),
    stream: Type.Optional(Type.Boolean()),
    clientOrderIdPrefix: text(),
    placingTimeoutMs: ms(),
    tradeLookbackMs: ms(),
    unknownLookupMs: ms(),
    syncClock: Type.Optional(Type.Boolean()),
    tier: text('Rate-limit tier where the venue has tiers'),
    positionMode: Type.Optional(Type.Union([Type.Literal('net'), Type.Literal('hedge')])),
    region: text('Venue region where it has several'),
  },
  { additionalProperties: false },
);
