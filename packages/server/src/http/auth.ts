/**
 * Authentication: `Authorization: Bearer <token>` (or `?token=` on WebSocket upgrades) bound to accounts
 * by the configuration. In `none` mode (loopback only) every request acts for the default account.
 */
import type { FastifyRequest } from 'fastify';
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { Config } from '../config/schema.ts';

export interface Principal {
  /** Accounts the credential may see and act on, in configuration order. */
  readonly accountIds: readonly string[];
}

export class Authenticator {
  readonly #mode: 'none' | 'token';
  readonly #byToken = new Map<string, string[]>();
  readonly #allAccounts: readonly string[];

  constructor(config: Config) {
    this.#mode = config.auth.mode;
    this.#allAccounts = config.accounts.map((a) => a.id);
    for (const { token, accountId } of config.auth.tokens) {
      const ids = this.#byToken.get(token) ?? [];
      if (!ids.includes(accountId)) ids.push(accountId);
      this.#byToken.set(token, ids);
    }
  }

  /** Resolves the credential of a request; throws UNAUTHORIZED when it is missing or unknown. */
  authenticate(request: Pick<FastifyRequest, 'headers' | 'query'>, allowQueryToken = false): Principal {
    const token = bearerToken(request.headers.authorization) ?? (allowQueryToken ? queryToken(request.query) : undefined);
    if (this.#mode === 'none' && token === undefined) {
      const first = this.#allAccounts[0];
      return { accountIds: first === undefined ? [] : [first] };
    }
    if (token === undefined) throw new TradingError(ErrorCode.UNAUTHORIZED, 'missing credential: send Authorization: Bearer <token>');
    const ids = this.#byToken.get(token);
    if (!ids) throw new TradingError(ErrorCode.UNAUTHORIZED, 'unknown or revoked token');
    return { accountIds: ids };
  }

  /**
   * The key limits count a request under: its credential when it is a known token, else the client's address
   * (auth none, or a missing or unknown token, so that bad tokens are limited too).
   */
  limitKey(request: Pick<FastifyRequest, 'headers' | 'query'>, address: string, allowQueryToken = false): string {
    let token: string | undefined;
    try {
      token = bearerToken(request.headers.authorization) ?? (allowQueryToken ? queryToken(request.query) : undefined);
    } catch {
      token = undefined;
    }
    return token !== undefined && this.#byToken.has(token) ? `token ${token}` : `address ${address}`;
  }

  /** The account a request acts on: `X-Account-Id` when given (it must belong to the credential), else the first. */
  accountFor(principal: Principal, requested: string | undefined): string {
    if (requested !== undefined && requested !== '') {
      if (!principal.accountIds.includes(requested)) throw new TradingError(ErrorCode.FORBIDDEN, `this credential has no access to account ${requested}`);
      return requested;
    }
    const first = principal.accountIds[0];
    if (first === undefined) throw new TradingError(ErrorCode.FORBIDDEN, 'this credential has no account');
    return first;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new TradingError(ErrorCode.UNAUTHORIZED, 'malformed Authorization header: expected Bearer <token>');
  return match[1];
}

function queryToken(query: unknown): string | undefined {
  if (query && typeof query === 'object' && 'token' in query) {
    const token = (query as { token: unknown }).token;
    return typeof token === 'string' && token !== '' ? token : undefined;
  }
  return undefined;
}
