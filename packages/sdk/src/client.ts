/** `TradingProClient`: the broker and datafeed over REST and the real-time routes over one WebSocket. */
import type { TradingClient } from './interfaces.ts';
import { RestBrokerClient } from './mappers/rest-broker-client.ts';
import { RestDatafeedClient } from './mappers/rest-datafeed-client.ts';
import type { RouteParams, StreamRoute } from './ws/routes.ts';
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
      snapshot: (route, params) => this.#snapshot(route, params),
    });
  }

  /** The current state of an account topic over REST, oldest first, for its listeners after a resync. */
  async #snapshot(route: StreamRoute, params: RouteParams): Promise<readonly unknown[]> {
    switch (route) {
      case 'orders':
        return (await this.broker.orders()).reverse();
      case 'positions':
        return this.broker.positions();
      case 'executions':
        return typeof params.symbol === 'string' ? (await this.broker.executions(params.symbol)).reverse() : [];
      case 'equity': {
        const { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower } = await this.broker.account();
        return [{ balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower }];
      }
      default:
        // broker-connection: the server sends the current status with every subscription.
        return [];
    }
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
