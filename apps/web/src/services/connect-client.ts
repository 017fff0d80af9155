/** Picks the terminal's client: the server at this page's origin, or the SDK's offline simulation when it cannot be reached. */
import { TradingProClient, createFallbackClient, isTradingProError, NETWORK_ERROR, type TradingClient } from '@trading-pro/sdk';

export interface Connection {
  readonly client: TradingClient;
  /** Why the server was not used (only for the offline client). */
  readonly offlineReason: string | null;
}

const PROBE_TIMEOUT_MS = 4000;

/** Statuses a dev proxy or load balancer answers with when the server behind it is down. */
function unreachable(error: unknown): boolean {
  if (!isTradingProError(error)) return true;
  return error.code === NETWORK_ERROR || error.status === 502 || error.status === 504;
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms));
}

/** The bearer token from `?token=` (kept for the session), for servers in token mode. */
function tokenFromPage(): string | undefined {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl !== null) {
    sessionStorage.setItem('trading-pro.token', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('trading-pro.token') ?? undefined;
}

export async function connectClient(origin = location.origin): Promise<Connection> {
  const token = tokenFromPage();
  const online = new TradingProClient({ baseUrl: origin, wsCredentials: 'query', ...(token === undefined ? {} : { token }) });
  try {
    await Promise.race([online.broker.account(), timeout(PROBE_TIMEOUT_MS)]);
    return { client: online, offlineReason: null };
  } catch (error) {
    if (!unreachable(error)) throw error;
    online.close();
    return { client: await createFallbackClient(), offlineReason: error instanceof Error ? error.message : String(error) };
  }
}
