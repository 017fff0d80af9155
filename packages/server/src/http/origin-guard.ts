/**
 * Browser safety (CONTRACT.md §Conventions): the `Host` allow-list against DNS rebinding, the `Origin` check on
 * state-changing requests and WebSocket upgrades against cross-site requests, and which proxies' `X-Forwarded-*`
 * headers are believed. Works on raw Node requests so the HTTP hooks and the upgrade handler share it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { ConfigError } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';

/** What the guard reads of a request. */
export interface EdgeRequest {
  readonly method?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly socket: { readonly remoteAddress?: string | undefined; readonly encrypted?: boolean };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Peer addresses whose trust is remembered, at most (a BlockList lookup costs more than the rest of the check). */
const REMEMBERED_PEERS = 4_096;

export class OriginGuard {
  readonly #hosts: ReadonlySet<string>;
  readonly #origins: ReadonlySet<string>;
  readonly #proxies = new BlockList();
  readonly #trusted = new Map<string, boolean>();

  constructor(http: Config['http']) {
    this.#hosts = new Set(http.hosts.map((host) => host.toLowerCase()));
    this.#origins = new Set(http.allowedOrigins.map((origin) => origin.toLowerCase().replace(/\/$/, '')));
    for (const entry of http.trustProxy) addProxy(this.#proxies, entry);
  }

  /** Whether `X-Forwarded-*` from this peer address are believed. */
  trusts(address: string | undefined): boolean {
    if (address === undefined) return false;
    let trusted = this.#trusted.get(address);
    if (trusted === undefined) {
      const plain = unmapped(address);
      const family = isIP(plain);
      trusted = family !== 0 && this.#proxies.check(plain, family === 6 ? 'ipv6' : 'ipv4');
      if (this.#trusted.size >= REMEMBERED_PEERS) this.#trusted.clear();
      this.#trusted.set(address, trusted);
    }
    return trusted;
  }

  /** The client's address: the peer's, or the nearest untrusted one of `X-Forwarded-For` behind trusted proxies. */
  clientAddress(request: EdgeRequest): string {
    let address = request.socket.remoteAddress ?? 'unknown';
    const forwarded = header(request.headers['x-forwarded-for']);
    if (forwarded === undefined || !this.trusts(address)) return address;
    const hops = forwarded.split(',').map((hop) => hop.trim()).filter(Boolean);
    while (hops.length > 0 && this.trusts(address)) address = hops.pop() as string;
    return address;
  }

  /** The scheme and `Host` the client used (as a trusted proxy reports them). */
  requested(request: EdgeRequest): { scheme: string; host: string | undefined } {
    const trusted = this.trusts(request.socket.remoteAddress);
    const proto = trusted ? first(header(request.headers['x-forwarded-proto'])) : undefined;
    const forwardedHost = trusted ? first(header(request.headers['x-forwarded-host'])) : undefined;
    return {
      scheme: (proto ?? (request.socket.encrypted ? 'https' : 'http')).toLowerCase(),
      host: (forwardedHost ?? header(request.headers.host))?.toLowerCase(),
    };
  }

  /** Whether a browser origin may make cross-origin calls (CORS, commands, WebSockets). */
  allowsOrigin(origin: string): boolean {
    return this.#origins.has(origin.toLowerCase());
  }

  /**
   * Throws FORBIDDEN for a `Host` outside the allow-list (any request), or for a state-changing request or
   * WebSocket upgrade sent by a page of another origin.
   */
  check(request: EdgeRequest, upgrade = false): void {
    const { scheme, host } = this.requested(request);
    if (host === undefined || !this.#allowsHost(host)) {
      throw new TradingError(ErrorCode.FORBIDDEN, `host ${JSON.stringify(host ?? '')} is not served here; list it in http.hosts`);
    }
    if (!upgrade && SAFE_METHODS.has((request.method ?? 'GET').toUpperCase())) return;
    const origin = header(request.headers.origin);
    if (origin !== undefined) {
      if (sameOrigin(origin, scheme, host) || this.allowsOrigin(origin)) return;
      throw new TradingError(ErrorCode.FORBIDDEN, `requests from the origin ${origin} are refused; list it in http.allowedOrigins`);
    }
    if (header(request.headers['sec-fetch-site'])?.toLowerCase() === 'cross-site') {
      throw new TradingError(ErrorCode.FORBIDDEN, 'cross-site requests are refused');
    }
  }

  #allowsHost(host: string): boolean {
    const name = hostname(host);
    return LOOPBACK_HOSTS.has(name) || this.#hosts.has(name) || this.#hosts.has(host);
  }
}

/** `host[:port]` → `host` (IPv6 literals keep their brackets). */
function hostname(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function sameOrigin(origin: string, scheme: string, host: string): boolean {
  const defaultPort = scheme === 'https' ? ':443' : ':80';
  const own = `${scheme}://${host.endsWith(defaultPort) ? host.slice(0, -defaultPort.length) : host}`;
  return origin.toLowerCase() === own;
}

function header(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

function first(list: string | undefined): string | undefined {
  return list?.split(',')[0]?.trim() || undefined;
}

function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function addProxy(list: BlockList, entry: string): void {
  if (entry === 'loopback') {
    list.addSubnet('127.0.0.0', 8, 'ipv4');
    list.addAddress('::1', 'ipv6');
    return;
  }
  const [address = '', bits] = entry.split('/');
  const family = isIP(address);
  if (family === 0) throw new ConfigError(`config error at http.trustProxy: ${entry} is not an address, a CIDR range or "loopback"`);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(address, type);
  else list.addSubnet(address, Number(bits), type);
}
