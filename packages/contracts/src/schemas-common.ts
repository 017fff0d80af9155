/** Shared request/response shapes: the error envelope, success flag, health and versions. */
import { Type } from 'typebox';

/**
 * Identifiers and symbols: no control characters (NUL, newlines, …) and no bidirectional overrides or isolates,
 * which would make an id display differently from what it is. JSON Schema counts lengths in code points.
 */
export const SAFE_TEXT_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]*$';

export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable SNAKE_CASE code, e.g. VALIDATION_ERROR' }),
      message: Type.String({ description: 'Human-readable sentence' }),
      details: Type.Optional(Type.Array(Type.Object({ path: Type.Optional(Type.String()), message: Type.String() }, { additionalProperties: true }))),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error of the API' },
);
export type ErrorResponse = Type.Static<typeof ErrorResponseSchema>;

export const SuccessResponseSchema = Type.Object({ success: Type.Literal(true) }, { $id: 'SuccessResponse' });
export type SuccessResponse = Type.Static<typeof SuccessResponseSchema>;

export const HealthSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], { description: 'degraded while the journal cannot commit' }),
    version: Type.String(),
    uptimeS: Type.Number(),
    storage: Type.Optional(
      Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('failing')]), message: Type.Optional(Type.String()) }, { description: 'With a credential (or auth none)' }),
    ),
    process: Type.Optional(Type.Object({ id: Type.String({ description: 'Unique per process' }), pid: Type.Integer() }, { description: 'With a credential (or auth none)' })),
    accounts: Type.Optional(
      Type.Array(
        Type.Object({
          id: Type.String(),
          brokerStatus: Type.Integer({ description: 'ConnectionStatus' }),
          owner: Type.Optional(Type.String({ description: "The owning process's id; absent while no process owns the account (a failover in progress)" })),
        }),
        { description: "With a credential (or auth none): the credential's accounts" },
      ),
    ),
    marketSources: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String({ description: '`default` for the main source, else its name under market.sources' }),
          kind: Type.String({ description: 'simulated, csv, ccxt:binance, alpaca, ib, …' }),
          status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], { description: 'degraded while its venue cannot be reached; the server retries its start with backoff' }),
          message: Type.Optional(Type.String({ description: 'Why the last start failed (while degraded)' })),
          failures: Type.Integer({ minimum: 0, description: 'Failed starts since the last success' }),
          nextRetryAt: Type.Optional(Type.Integer({ description: 'When the next start is due, Unix ms UTC (while degraded)' })),
        }),
        { description: 'With a credential (or auth none): the market sources this process started' },
      ),
    ),
  },
  { $id: 'Health' },
);
export type Health = Type.Static<typeof HealthSchema>;

export const VersionsSchema = Type.Object(
  { current: Type.String(), supported: Type.Array(Type.String()) },
  { $id: 'Versions' },
);
export type Versions = Type.Static<typeof VersionsSchema>;
