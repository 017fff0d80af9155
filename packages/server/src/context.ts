/** Everything the HTTP and WebSocket layers share: configuration, accounts, journal, bus, market. */
import type { MarketSource } from '@trading-pro/engine';
import type { AccountHandle } from './accounts/account-handle.ts';
import type { Bus } from './bus/bus.ts';
import type { Config } from './config/schema.ts';
import type { Authenticator } from './http/auth.ts';
import type { OriginGuard } from './http/origin-guard.ts';
import type { MarketSourceHealth } from './market-supervisor.ts';
import type { ServerAccountStore } from './store/open-store.ts';

export interface AppContext {
  readonly config: Config;
  /** The journal; absent in a process without the broker module. */
  readonly store: ServerAccountStore | undefined;
  readonly bus: Bus;
  readonly auth: Authenticator;
  /** Host and Origin checks, trusted proxies and client addresses. */
  readonly guard: OriginGuard;
  readonly accounts: ReadonlyMap<string, AccountHandle>;
  readonly market: MarketSource;
  /** The canonical spelling of a symbol any market source lists (`btcusd` → `BTCUSD`); unknown ones unchanged. */
  readonly canonicalSymbol?: (symbol: string) => string;
  readonly startedAt: number;
  readonly now: () => number;
  /** Unique per process (health, ownership). */
  readonly processId: string;
  /** Whether the journal commits right now. */
  storageHealth(): { status: 'ok' | 'failing'; message?: string };
  /** The started market sources: ok, or degraded with the error and the next retry. */
  marketHealth(): readonly MarketSourceHealth[];
}
