/** Loads the offline client on demand, so the paper engine and simulated market stay out of an app's first load. */
import type { FallbackOptions, FallbackTradingClient } from './fallback/fallback-client.ts';

export async function createFallbackClient(options: FallbackOptions = {}): Promise<FallbackTradingClient> {
  const { FallbackTradingClient } = await import('./fallback/fallback-client.ts');
  return new FallbackTradingClient(options);
}
