/** Retry with exponential backoff, for idempotent reads only (order submission reconciles instead). */
import { ErrorCode, isTradingError } from '@trading-pro/contracts';

export interface BackoffOptions {
  /** Attempts in total, the first one included. */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 3, initialDelayMs: 250, maxDelayMs: 5_000 };

/** Delay before attempt `n` (1-based retry count), doubling up to the cap. */
export function backoffDelay(options: BackoffOptions, retry: number): number {
  return Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retry - 1));
}

/**
 * Errors worth another attempt: the venue or the network was unavailable, not a refusal. RATE_LIMITED is
 * not one: the limiter already waits out short Retry-After blocks and reports the long ones to the caller.
 */
export function isTransient(error: unknown): boolean {
  return isTradingError(error) && error.code === ErrorCode.BROKER_UNAVAILABLE;
}

/** Runs `operation`, retrying transient failures with exponential backoff. */
export async function withRetry<T>(operation: () => Promise<T>, options: BackoffOptions, sleep = defaultSleep): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.attempts || !isTransient(error)) throw error;
      await sleep(backoffDelay(options, attempt));
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
