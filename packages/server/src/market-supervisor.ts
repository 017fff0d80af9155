/**
 * Starts a market source and keeps it going when its venue cannot be reached: the server starts anyway, the source
 * reports itself degraded with the error (`/health`), and its start is retried with exponential backoff until it
 * succeeds, as broker accounts retry their connection. A configuration mistake the venue answered (a symbol it does
 * not list) still fails the start: retrying cannot fix it.
 */
import { CONNECT_RETRY } from '@trading-pro/brokers';
import { ErrorCode, isTradingError } from '@trading-pro/contracts';
import type { MarketSource } from '@trading-pro/engine';

export interface MarketSourceHealth {
  /** `default` for the main source, else its name under `market.sources`. */
  readonly name: string;
  readonly kind: string;
  readonly status: 'ok' | 'degraded';
  /** Why the last start failed (while degraded). */
  readonly message?: string;
  /** Failed starts since the last success. */
  readonly failures: number;
  /** When the next start is due, UTC ms (while degraded). */
  readonly nextRetryAt?: number;
}

/** The timer calls a supervisor makes; tests pass a fake to fire retries and read the delays asked for. */
export interface RetryTimers {
  setTimeout(run: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface MarketLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface MarketSupervisorOptions {
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly timers?: RetryTimers;
  readonly now?: () => number;
}

const SYSTEM_TIMERS: RetryTimers = {
  setTimeout(run, delayMs) {
    const handle = setTimeout(run, delayMs);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export class MarketSupervisor {
  readonly name: string;
  readonly source: MarketSource;
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #timers: RetryTimers;
  readonly #now: () => number;
  #log: MarketLog | undefined;
  #status: 'ok' | 'degraded' = 'ok';
  #message: string | undefined;
  #failures = 0;
  #retry: unknown;
  #nextRetryAt: number | undefined;
  #stopped = false;

  constructor(name: string, source: MarketSource, options: MarketSupervisorOptions = {}) {
    this.name = name;
    this.source = source;
    this.#minDelayMs = options.minDelayMs ?? CONNECT_RETRY.minDelayMs;
    this.#maxDelayMs = options.maxDelayMs ?? CONNECT_RETRY.maxDelayMs;
    this.#timers = options.timers ?? SYSTEM_TIMERS;
    this.#now = options.now ?? Date.now;
  }

  /** Where failures and recoveries are logged from now on; a source already degraded is reported at once. */
  useLog(log: MarketLog): void {
    this.#log = log;
    if (this.#status === 'degraded') this.#warn();
  }

  /** The first start: resolves when it succeeded or was scheduled for retry; rejects only for a configuration error. */
  async start(): Promise<void> {
    await this.#attempt(true);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry !== undefined) this.#timers.clearTimeout(this.#retry);
    this.#retry = undefined;
    await this.source.stop?.();
  }

  health(): MarketSourceHealth {
    const base = { name: this.name, kind: this.source.kind, status: this.#status, failures: this.#failures };
    if (this.#status === 'ok') return base;
    return { ...base, ...(this.#message === undefined ? {} : { message: this.#message }), ...(this.#nextRetryAt === undefined ? {} : { nextRetryAt: this.#nextRetryAt }) };
  }

  async #attempt(first: boolean): Promise<void> {
    this.#retry = undefined;
    this.#nextRetryAt = undefined;
    try {
      await this.source.start?.();
    } catch (error) {
      if (first && isConfigurationError(error)) throw error;
      if (this.#stopped) return;
      // A source half started by the failed attempt (a stream opened, a timer set) is stopped before the next one.
      await Promise.resolve(this.source.stop?.()).catch(() => undefined);
      this.#failed(error);
      return;
    }
    if (this.#status === 'degraded') this.#log?.info({ marketSource: this.name, kind: this.source.kind, failures: this.#failures }, `market source ${this.name} (${this.source.kind}) is up`);
    this.#status = 'ok';
    this.#message = undefined;
    this.#failures = 0;
  }

  #failed(error: unknown): void {
    this.#status = 'degraded';
    this.#message = error instanceof Error ? error.message : String(error);
    this.#failures += 1;
    const delayMs = Math.min(this.#maxDelayMs, this.#minDelayMs * 2 ** (this.#failures - 1));
    this.#nextRetryAt = this.#now() + delayMs;
    this.#retry = this.#timers.setTimeout(() => void this.#attempt(false), delayMs);
    this.#warn();
  }

  #warn(): void {
    const retryInS = this.#nextRetryAt === undefined ? undefined : Math.max(0, Math.round((this.#nextRetryAt - this.#now()) / 1000));
    this.#log?.warn(
      { marketSource: this.name, kind: this.source.kind, failures: this.#failures, err: this.#message },
      `market source ${this.name} (${this.source.kind}) is degraded: ${String(this.#message)}; retrying in ${String(retryInS)} s`,
    );
  }
}

/** The venue answered and the configuration is wrong (a symbol it does not list): no retry fixes that. */
function isConfigurationError(error: unknown): boolean {
  return isTradingError(error) && error.code === ErrorCode.VALIDATION_ERROR;
}
