/**
 * The WebSocket gateway at `/api/v1/ws`: credentials on the upgrade, confirmed subscriptions on
 * reference-counted topics, `sinceSeq` resume from the journal (chunked, bounded, handed over to live updates
 * with no duplicate and no gap), limits, heartbeats and slow-consumer drops.
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocket, WebSocketServer } from 'ws';
import { ACCOUNT_ROUTES, ErrorCode, TradingError, WS_LIMITS, buildTopic, isTradingError, type WsRoute } from '@trading-pro/contracts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../http/auth.ts';
import type { JournalRoute } from '@trading-pro/brokers';
import type { AccountHandle } from '../accounts/account-handle.ts';
import { accountProducer, matchesRoute } from './account-producers.ts';
import { DeliveryQueue, type Recipient } from './delivery.ts';
import { errorFrame, parseClientMessage, responseFrame, updateFrame } from './protocol.ts';
import { ReplayScheduler } from './replay-scheduler.ts';
import { TokenBucket } from '../http/rate-limit.ts';
import { type Producer, type ProducerFactory, TopicRegistry, type Emit } from './topics.ts';

export const WS_PATH = '/api/v1/ws';

export interface GatewayOptions {
  readonly pingIntervalMs?: number;
  /** Bytes queued on one socket beyond which it is dropped as too slow. */
  readonly maxBufferedBytes?: number;
  readonly maxSubscriptions?: number;
  /** Producers for market routes (bars, quotes), provided by the datafeed module. */
  readonly marketProducers?: (route: WsRoute, params: Readonly<Record<string, unknown>>, emit: Emit) => Producer;
  /** Most events a `sinceSeq` resume replays (default: the configuration's `limits.ws.replayLimit`). */
  readonly replayLimit?: number;
  /** The canonical spelling of a `symbol` param (`btcusd` → `BTCUSD`), so topics use it; undefined when unknown. */
  readonly canonicalSymbol?: (symbol: string) => string | undefined;
  /** Whether a symbol can have a topic (market routes and `executions` by symbol); every symbol when absent. */
  readonly knownSymbol?: (symbol: string) => boolean;
}

/** Records read per replay step; the event loop runs between steps. */
const REPLAY_CHUNK = 200;
/** Unsent bytes beyond which a replaying client waits for its socket to drain. */
const REPLAY_BACKLOG_BYTES = 64 * 1024;

class Client implements Recipient {
  readonly socket: WebSocket;
  readonly principal: Principal;
  readonly topics = new Map<string, WsRoute>();
  /** Topics whose history is being replayed: their live frames wait in the replay's `held` until it is through. */
  readonly replaying = new Map<string, { readonly held: string[] }>();
  /** The key its connection counts under (a credential or a client address). */
  readonly limitKey: string;
  /** Frames it may send per second; absent when limits are off. */
  readonly frames: TokenBucket | undefined;
  readonly #maxBuffered: number;
  readonly #maxHeld: number;
  alive = true;

  constructor(socket: WebSocket, principal: Principal, limitKey: string, frames: TokenBucket | undefined, maxBuffered: number, maxHeld: number) {
    this.socket = socket;
    this.principal = principal;
    this.limitKey = limitKey;
    this.frames = frames;
    this.#maxBuffered = maxBuffered;
    this.#maxHeld = maxHeld;
  }

  deliver(frame: string, topic?: string): boolean {
    const held = topic === undefined ? undefined : this.replaying.get(topic)?.held;
    if (held !== undefined) {
      held.push(frame);
      // A client that cannot take its replay as fast as the account changes is dropped, like any slow consumer.
      if (held.length > this.#maxHeld) this.socket.terminate();
      return true;
    }
    if (this.socket.readyState !== WebSocket.OPEN) return false;
    if (this.socket.bufferedAmount > this.#maxBuffered) {
      this.socket.terminate();
      return false;
    }
    this.socket.send(frame);
    return true;
  }
}

export class Gateway {
  readonly #context: AppContext;
  readonly #queue = new DeliveryQueue();
  readonly #topics: TopicRegistry;
  readonly #server: WebSocketServer;
  readonly #clients = new Set<Client>();
  readonly #maxSubscriptions: number;
  readonly #maxBuffered: number;
  readonly #replayLimit: number;
  readonly #canonicalSymbol: ((symbol: string) => string | undefined) | undefined;
  readonly #replays = new ReplayScheduler();
  /** Open connections per limit key. */
  readonly #perKey = new Map<string, number>();
  readonly #knownSymbol: (symbol: string) => boolean;
  readonly #heartbeat: ReturnType<typeof setInterval>;

  constructor(context: AppContext, options: GatewayOptions = {}) {
    this.#context = context;
    this.#maxSubscriptions = options.maxSubscriptions ?? WS_LIMITS.maxSubscriptions;
    this.#maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.#replayLimit = options.replayLimit ?? context.config.limits.ws.replayLimit;
    this.#canonicalSymbol = options.canonicalSymbol;
    this.#knownSymbol = options.knownSymbol ?? (() => true);
    const factory: ProducerFactory = (route, params, emit) => {
      if (ACCOUNT_ROUTES.has(route)) {
        const account = context.accounts.get(String(params.accountId));
        if (!account) throw new Error(`unknown account ${String(params.accountId)}`);
        return accountProducer(account, route, params, emit);
      }
      if (!options.marketProducers) throw new Error(`the ${route} route needs the datafeed module`);
      return options.marketProducers(route, params, emit);
    };
    this.#topics = new TopicRegistry(this.#queue, factory);
    this.#server = new WebSocketServer({ noServer: true, maxPayload: WS_LIMITS.maxFrameBytes, perMessageDeflate: false });
    this.#heartbeat = setInterval(() => this.#ping(), options.pingIntervalMs ?? WS_LIMITS.pingIntervalMs);
    this.#heartbeat.unref();
  }

  /** Handles upgrades on the Fastify server for the gateway path. */
  attach(app: FastifyInstance): void {
    app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== WS_PATH) return refuse(socket, 404, new TradingError(ErrorCode.NOT_FOUND, `no WebSocket at ${url.pathname}; use ${WS_PATH}`));
      let principal: Principal;
      let key: string;
      try {
        // Host and Origin first: a page of another site learns nothing, not even whether its credential is good.
        this.#context.guard.check(request, true);
        const query = Object.fromEntries(url.searchParams);
        principal = this.#context.auth.authenticate({ headers: request.headers, query }, true);
        key = this.#context.auth.limitKey({ headers: request.headers, query }, this.#context.guard.clientAddress(request), true);
        this.#checkCapacity(key);
      } catch (error) {
        const failure = isTradingError(error) ? error : new TradingError(ErrorCode.UNAUTHORIZED, 'unauthorized');
        return refuse(socket, failure.status, failure);
      }
      this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, principal, key));
    });
    // Before the HTTP server stops: open sockets would otherwise keep it from closing.
    app.addHook('preClose', async () => this.close());
  }

  /** Throws RATE_LIMITED when the key or the server has as many connections as allowed. */
  #checkCapacity(key: string): void {
    const limits = this.#context.config.limits;
    if (!limits.enabled) return;
    if (this.#clients.size >= limits.ws.total) {
      throw new TradingError(ErrorCode.RATE_LIMITED, `the server has its maximum of ${limits.ws.total} WebSocket connections; retry later`, { retryAfterS: 1 });
    }
    if ((this.#perKey.get(key) ?? 0) >= limits.ws.perClient) {
      throw new TradingError(ErrorCode.RATE_LIMITED, `at most ${limits.ws.perClient} WebSocket connections per client; close one first`, { retryAfterS: 1 });
    }
  }

  /** Running topics and their subscriber counts. */
  activeTopics(): Map<string, number> {
    return this.#topics.active();
  }

  connectionCount(): number {
    return this.#clients.size;
  }

  close(): void {
    clearInterval(this.#heartbeat);
    this.#replays.close();
    for (const client of this.#clients) client.socket.terminate();
    this.#clients.clear();
    this.#topics.stopAll();
    this.#server.close();
  }

  #accept(socket: WebSocket, principal: Principal, key: string): void {
    const limits = this.#context.config.limits;
    const frames = limits.enabled ? new TokenBucket({ perSecond: limits.ws.subscribesPerSecond, burst: limits.ws.subscribesPerSecond }, this.#context.now()) : undefined;
    const client = new Client(socket, principal, key, frames, this.#maxBuffered, this.#replayLimit);
    this.#clients.add(client);
    this.#perKey.set(key, (this.#perKey.get(key) ?? 0) + 1);
    // Listeners are attached synchronously so no early frame is lost.
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.#queue.enqueue(client, errorFrame(ErrorCode.VALIDATION_ERROR, 'binary frames are not supported; send JSON text'));
      this.#handle(client, data.toString());
    });
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.#drop(client));
    socket.on('error', () => socket.terminate());
  }

  /** Symbols are taken in any case; the topic and the answers use the canonical one. */
  #canonicalParams(params: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
    const symbol = params.symbol;
    if (typeof symbol !== 'string' || this.#canonicalSymbol === undefined) return params;
    const canonical = this.#canonicalSymbol(symbol);
    return canonical === undefined || canonical === symbol ? params : { ...params, symbol: canonical };
  }

  #handle(client: Client, text: string): void {
    const message = parseClientMessage(text);
    if (client.frames !== undefined && client.frames.take(this.#context.now()) > 0) {
      const perSecond = this.#context.config.limits.ws.subscribesPerSecond;
      const why = `too many frames: at most ${perSecond} per second on a connection; this one was ignored, send it again later`;
      // A client waiting for its confirmation gets a refusal it can route, besides the error frame.
      if (message.kind !== 'invalid') {
        this.#queue.enqueue(client, responseFrame(message.route, message.kind, { status: 'error', topic: buildTopic(message.route, message.params), message: why, code: ErrorCode.RATE_LIMITED }));
      }
      this.#queue.enqueue(client, errorFrame(ErrorCode.RATE_LIMITED, why));
      return;
    }
    this.#handleMessage(client, message);
  }

  #handleMessage(client: Client, message: ReturnType<typeof parseClientMessage>, caughtUp = false): void {
    if (message.kind === 'invalid') {
      if (message.route && message.action) {
        this.#queue.enqueue(client, responseFrame(message.route, message.action, { status: 'error', topic: '', message: message.message }));
      }
      this.#queue.enqueue(client, errorFrame(message.code, message.message));
      return;
    }
    const { route } = message;
    const params = this.#canonicalParams(message.params);
    const topic = buildTopic(route, params);
    const respond = (status: 'ok' | 'error', text: string, seq?: number, code?: string) =>
      this.#queue.enqueue(client, responseFrame(route, message.kind, { status, topic, message: text, ...(seq === undefined ? {} : { seq }), ...(code === undefined ? {} : { code }) }));

    if (message.kind === 'unsubscribe') {
      if (!client.topics.delete(topic)) return respond('error', 'not subscribed');
      client.replaying.delete(topic);
      this.#topics.unsubscribe(topic, client);
      return respond('ok', 'unsubscribed');
    }

    if (typeof params.symbol === 'string' && !this.#knownSymbol(params.symbol)) {
      respond('error', `unknown symbol ${JSON.stringify(params.symbol)}`, undefined, ErrorCode.NOT_FOUND);
      return;
    }
    const account = ACCOUNT_ROUTES.has(route) ? this.#context.accounts.get(String(params.accountId)) : undefined;
    if (ACCOUNT_ROUTES.has(route)) {
      if (!account || !client.principal.accountIds.includes(account.id)) {
        respond('error', `forbidden: this credential has no access to account ${String(params.accountId)}`, undefined, ErrorCode.FORBIDDEN);
        this.#queue.enqueue(client, errorFrame(ErrorCode.FORBIDDEN, `no access to account ${String(params.accountId)}`));
        return;
      }
    }
    const already = client.topics.has(topic);
    if (already && client.replaying.has(topic)) return respond('ok', 'already subscribed; its history is being replayed', account?.seq());
    if (!already && client.topics.size >= this.#maxSubscriptions) {
      return respond('error', `subscription limit reached (${this.#maxSubscriptions} per connection)`);
    }
    // The seq that splits replay from live: events up to it were published before this subscription existed.
    const seq = account?.seq();
    const since = message.sinceSeq;
    if (account?.catchUp !== undefined && seq !== undefined && since !== undefined && since > seq && !caughtUp) {
      // A process that is not the account's owner may not have delivered what the client saw elsewhere yet.
      void account.catchUp().then(() => this.#handleMessage(client, message, true));
      return;
    }
    if (account !== undefined && seq !== undefined && since !== undefined && (since > seq || seq - since > this.#replayLimit)) {
      const why = since > seq ? `sinceSeq ${since} is ahead of the account's seq ${seq}` : `${seq - since} events since ${since} exceed the replay limit ${this.#replayLimit}`;
      return respond('error', `${why}: read the account over REST, then subscribe without sinceSeq`, seq, ErrorCode.RESYNC_REQUIRED);
    }
    let snapshot: unknown;
    if (!already) {
      try {
        snapshot = this.#topics.subscribe(topic, route, params, client);
      } catch (error) {
        return respond('error', error instanceof Error ? error.message : 'cannot subscribe');
      }
      client.topics.set(topic, route);
    }
    respond('ok', already ? 'already subscribed' : 'subscribed', seq);
    const snapshotFrame = snapshot === undefined || already ? undefined : updateFrame(route, topic, snapshot, undefined);
    if (account !== undefined && seq !== undefined && since !== undefined && since < seq) {
      const replay = { held: [] };
      client.replaying.set(topic, replay);
      this.#replay(client, replay, account, route, params, topic, since, seq, snapshotFrame);
      return;
    }
    if (snapshotFrame !== undefined) this.#queue.enqueue(client, snapshotFrame);
  }

  /**
   * Sends the route's events in (since, upTo] a chunk at a time (the scheduler interleaves replays and lets the
   * event loop run between chunks), then the live frames held meanwhile: every event exactly once, in order,
   * however busy the account is.
   */
  #replay(
    client: Client,
    replay: { readonly held: string[] },
    account: AccountHandle,
    route: WsRoute,
    params: Readonly<Record<string, unknown>>,
    topic: string,
    since: number,
    upTo: number,
    snapshot: string | undefined,
  ): void {
    let after = since;
    // Ended by an unsubscribe (and perhaps replaced by a newer replay of the same topic) or by a disconnect.
    const current = () => client.replaying.get(topic) === replay && this.#clients.has(client);
    const finish = () => {
      if (snapshot !== undefined) this.#queue.enqueue(client, snapshot);
      // Delivered after every replay frame: the held live frames follow, then live frames go straight out.
      this.#queue.enqueue({ deliver: () => this.#endReplay(client, topic, replay) }, '');
    };
    const fail = (error: unknown) => {
      // The history cannot be read: the client must start over from a snapshot rather than miss events.
      client.replaying.delete(topic);
      if (client.topics.delete(topic)) this.#topics.unsubscribe(topic, client);
      const reason = error instanceof Error ? error.message : String(error);
      this.#queue.enqueue(client, errorFrame(ErrorCode.RESYNC_REQUIRED, `cannot replay ${topic} (${reason}); read the account over REST, then subscribe again`));
    };
    this.#replays.add({
      ready: () => !current() || client.socket.bufferedAmount < REPLAY_BACKLOG_BYTES,
      step: async () => {
        if (!current()) return true;
        let records;
        try {
          records = await account.history(after, { routes: [route as JournalRoute], limit: REPLAY_CHUNK, upToSeq: upTo });
        } catch (error) {
          if (current()) fail(error);
          return true;
        }
        if (!current()) return true;
        for (const record of records) if (matchesRoute(record, route, params)) this.#queue.enqueue(client, updateFrame(route, topic, record.data, record.seq));
        const last = records[records.length - 1];
        if (records.length < REPLAY_CHUNK || last === undefined) {
          finish();
          return true;
        }
        after = last.seq;
        return false;
      },
    });
  }

  #endReplay(client: Client, topic: string, replay: { readonly held: string[] }): boolean {
    if (client.replaying.get(topic) !== replay) return true;
    client.replaying.delete(topic);
    for (const frame of replay.held) client.deliver(frame);
    return true;
  }

  #drop(client: Client): void {
    if (!this.#clients.delete(client)) return;
    const open = (this.#perKey.get(client.limitKey) ?? 1) - 1;
    if (open > 0) this.#perKey.set(client.limitKey, open);
    else this.#perKey.delete(client.limitKey);
    client.replaying.clear();
    for (const topic of client.topics.keys()) this.#topics.unsubscribe(topic, client);
    client.topics.clear();
  }

  #ping(): void {
    for (const client of this.#clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.#drop(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}

/** Refuses an upgrade with an HTTP status and the contract's error body. */
function refuse(socket: Duplex, status: number, failure: TradingError): void {
  const body = JSON.stringify(failure.toBody());
  const retry = failure.retryAfterS === undefined ? '' : `Retry-After: ${Math.ceil(failure.retryAfterS)}\r\n`;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retry}Connection: close\r\n\r\n${body}`);
}
