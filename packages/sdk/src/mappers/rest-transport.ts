/** The generated REST client (openapi-fetch over the generated `paths`), and contract errors → `TradingProError`. */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/openapi.ts';
import { NETWORK_ERROR, TradingProError, type TradingProErrorDetail } from '../errors.ts';

export type RestApi = Client<paths>;

export interface RestOptions {
  /** Server origin, e.g. `http://127.0.0.1:8000` (a trailing `/api/v1` is accepted too). */
  readonly baseUrl: string;
  readonly token?: string;
  /** Account to act on when the credential has several (sent as `X-Account-Id`). */
  readonly accountId?: string;
  readonly fetch?: typeof fetch;
}

/** The server origin without a trailing slash or API base path. */
export function serverOrigin(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

export function createRestApi(options: RestOptions): RestApi {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.accountId !== undefined) headers['x-account-id'] = options.accountId;
  const custom = options.fetch;
  return createClient<paths>({
    baseUrl: serverOrigin(options.baseUrl),
    headers,
    // Read globalThis.fetch per call so test doubles and polyfills installed later are honoured.
    fetch: (request: Request) => (custom ?? globalThis.fetch)(request),
  });
}

interface FetchResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** Awaits an openapi-fetch call: the data on success, a `TradingProError` otherwise. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (cause) {
    throw new TradingProError({ code: NETWORK_ERROR, message: `cannot reach the server: ${cause instanceof Error ? cause.message : String(cause)}`, cause });
  }
  if (!result.response.ok || result.error !== undefined) throw errorOf(result.response, result.error);
  if (result.data === undefined) throw new TradingProError({ code: 'INTERNAL_ERROR', status: result.response.status, message: 'the server answered without a body' });
  return result.data;
}

/** Awaits a paged list: its items and the `X-Next-Cursor` of the older page. */
export async function unwrapPage<T>(request: Promise<FetchResult<T[]>>): Promise<{ items: T[]; next?: string }> {
  let response: Response | undefined;
  const items = await unwrap(
    request.then((result) => {
      response = result.response;
      return result;
    }),
  );
  const next = response?.headers.get('x-next-cursor') ?? undefined;
  return next === undefined ? { items } : { items, next };
}

function errorOf(response: Response, body: unknown): TradingProError {
  const retryAfter = response.headers.get('retry-after');
  const retryAfterS = retryAfter === null || Number.isNaN(Number(retryAfter)) ? undefined : Number(retryAfter);
  const envelope = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof envelope?.code === 'string' ? envelope.code : response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL_ERROR';
  const message = typeof envelope?.message === 'string' ? envelope.message : `HTTP ${response.status} ${response.statusText}`.trim();
  const details = Array.isArray(envelope?.details) ? envelope.details.filter(isDetail) : [];
  return new TradingProError({ code, status: response.status, message, details, ...(retryAfterS === undefined ? {} : { retryAfterS }) });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDetail(value: unknown): value is TradingProErrorDetail {
  return isRecord(value) && typeof value.message === 'string';
}
