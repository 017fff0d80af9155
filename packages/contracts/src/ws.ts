/** WebSocket routes of CONTRACT.md §WebSocket: names, params and the messages both sides exchange. */
export const WS_ROUTES = ['orders', 'positions', 'executions', 'equity', 'broker-connection', 'bars', 'quotes'] as const;
export type WsRoute = (typeof WS_ROUTES)[number];

/** Routes whose events belong to an account journal (they carry `seq` and accept `sinceSeq`). */
export const ACCOUNT_ROUTES: ReadonlySet<WsRoute> = new Set<WsRoute>(['orders', 'positions', 'executions', 'equity', 'broker-connection']);

export interface WsSubscribeResponsePayload {
  readonly status: 'ok' | 'error';
  readonly topic: string;
  readonly message: string;
  readonly seq?: number;
  /** Why a subscription failed, when it is an error code clients act on (`RESYNC_REQUIRED`, `FORBIDDEN`, …). */
  readonly code?: string;
}

export interface WsUpdatePayload<T = unknown> {
  readonly topic: string;
  readonly payload: T;
  readonly seq?: number;
}

export interface WsErrorPayload {
  readonly code: string;
  readonly message: string;
}

export const WS_LIMITS = {
  maxFrameBytes: 64 * 1024,
  maxSubscriptions: 1000,
  pingIntervalMs: 30_000,
} as const;
