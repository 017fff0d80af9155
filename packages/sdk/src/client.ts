/** `TradingProClient`: the broker and datafeed over REST and the real-time routes over one WebSocket. */
import type { TradingClient } from './interfaces.ts';
import { RestBrokerClient } from './mappers/rest-broker-client.ts';
import { RestDatafeedClient } from './mappers/rest-datafeed-client.ts';
import type { StreamRoute } from './ws/routes.ts';
import { WsStreamClient, type ReconnectOptions, type WebSocketConstructor } from './ws/ws-stream-client.ts';

export interface TradingProClientOptions {
  /** Server origin, e.g. `http://127.0.0.1:8000` (a trailing `/api/v1` is accepted). */
  readonly baseUrl: string;
  /** Bearer token; omit when the server runs with `auth.mode: none`. */
  readonly token?: string;
  /** Account to act on when the token has several (REST sends it as `X-Account-Id`). */
  readonly accountId?: string;
  readonly fetch?: typeof fetch;
  readonly WebSocket?: WebSocketConstructor;
  /** How the WebSocket carries the token: `?token=` (browsers) or the Authorization header (Node, the default there). */
  readonly wsCredentials?: 'query' | 'header';
  readonly reconnect?: ReconnectOptions;
  /** Silence after which a connected topic is reported through `stream.onStale`. */
  readonly staleAfterMs?: number | Readonly<Partial<Record<StreamRoute, number>>>;
}

export class TradingProClient implements TradingClient {
  readonly broker: RestBrokerClient;
  readonly datafeed: RestDatafeedClient;
  readonly stream: WsStreamClient;
  readonly offline = false;
  readonly accountId: string | undefined;

  constructor(options: TradingProClientOptions) {
    const rest = { baseUrl: options.baseUrl, ...pick(options, ['token', 'accountId', 'fetch'] as const) };
    this.accountId = options.accountId;
    this.broker = new RestBrokerClient(rest);
    this.datafeed = new RestDatafeedClient(rest);
    this.stream = new WsStreamClient({
      baseUrl: options.baseUrl,
      ...pick(options, ['token', 'WebSocket', 'reconnect', 'staleAfterMs'] as const),
      ...(options.wsCredentials === undefined ? {} : { credentials: options.wsCredentials }),
    });
  }

  /** Closes the WebSocket; REST calls keep working. */
  close(): void {
    this.stream.close();
  }
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
