/**
 * The WebSocket stream: one shared socket for every route, listeners reference-counted per topic, updates routed
 * only after the server confirms, automatic reconnect with exponential backoff and jitter, `sinceSeq` resume on
 * account routes (an update whose seq is not newer than the last one seen is dropped), and per-topic staleness.
 * When the server cannot resume a topic (RESYNC_REQUIRED), it subscribes again without `sinceSeq` and hands the
 * listeners a fresh snapshot (read over REST by `snapshot`) before the live updates that arrived meanwhile.
 */
import { WS_ROUTES } from '@trading-pro/contracts';
import type { ConnectionState, Listener, Subscription } from '../interfaces.ts';
import { decodeUpdate } from '../mappers/ws-mappers.ts';
import { DEFAULT_STALE_AFTER_MS, isAccountRoute, topicOf, type RouteParams, type StreamRoute, type StreamRouteData } from './routes.ts';
import { Readiness, StreamBase, subscription } from './stream-base.ts';
import { parseServerFrame, type ServerFrame } from './frames.ts';
import { globalWebSocket, isNode, loadNodeWebSocket } from './websocket-constructor.ts';

/** The standard WebSocket constructor (browsers, Node 22+, `ws` on Node 20); Node's accepts `{headers}` as its second argument. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[] | { headers: Record<string, string> }) => WebSocket;

export interface ReconnectOptions {
  /** First retry delay before jitter (default 250 ms). */
  readonly initialDelayMs?: number;
  /** Upper bound of the delay (default 2,000 ms, so a restarted server is back in use within seconds). */
  readonly maxDelayMs?: number;
}

export interface WsStreamOptions {
  /** Server origin (`http://127.0.0.1:8000`), with or without `/api/v1`, or a `ws(s)://…/api/v1/ws` URL. */
  readonly baseUrl: string;
  readonly token?: string;
  /** How the token travels: `query` (`?token=`, browsers) or `header` (Authorization, Node). Default: header on Node. */
  readonly credentials?: 'query' | 'header';
  readonly WebSocket?: WebSocketConstructor;
  readonly reconnect?: ReconnectOptions;
  /** Silence after which a connected topic is reported stale: one number for all routes, or per route. */
  readonly staleAfterMs?: number | Readonly<Partial<Record<StreamRoute, number>>>;
  /** Jitter source in [0, 1) (tests pass a seeded one). */
  readonly random?: () => number;
  /** The current state of a topic, read over REST, for its listeners after a resync (oldest first). */
  readonly snapshot?: (route: StreamRoute, params: RouteParams) => Promise<readonly unknown[]>;
}

interface TopicState {
  readonly topic: string;
  readonly route: StreamRoute;
  readonly params: RouteParams;
  readonly listeners: Set<Listener<never>>;
  confirmed: boolean;
  /** Last account seq delivered (or the confirmation's baseline); updates at or below it are duplicates. */
  lastSeq: number | undefined;
  lastActivity: number;
  stale: boolean;
  /** While a resync's snapshot is read: live updates wait here, to follow it. */
  held: { readonly data: unknown; readonly seq: number | undefined }[] | undefined;
  /** Listeners' `ready` promises still waiting for the server's first answer. */
  readonly waiting: Set<Readiness>;
}

export class WsStreamClient extends StreamBase {
  readonly #options: WsStreamOptions;
  readonly #url: string;
  readonly #topics = new Map<string, TopicState>();
  /** Subscribe responses still owed by the server per topic: a topic is confirmed by the last one. */
  readonly #owed = new Map<string, number>();
  #socket: WebSocket | undefined;
  #state: ConnectionState = 'disconnected';
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #staleTimer: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** Node 20 only: `ws`, once loaded, and whether that load is under way. */
  #loadedWebSocket: WebSocketConstructor | undefined;
  #loading = false;

  constructor(options: WsStreamOptions) {
    super();
    this.#options = options;
    this.#url = wsUrl(options.baseUrl);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  topics(): string[] {
    return [...this.#topics.keys()];
  }

  staleTopics(): string[] {
    return [...this.#topics.values()].filter((t) => t.stale).map((t) => t.topic);
  }

  listen<R extends StreamRoute>(route: R, params: RouteParams, listener: Listener<StreamRouteData[R]>): Subscription {
    if (this.#closed) throw new Error('this stream is closed');
    const topic = topicOf(route, params);
    let entry = this.#topics.get(topic);
    if (!entry) {
      entry = { topic, route, params, listeners: new Set(), confirmed: false, lastSeq: undefined, lastActivity: Date.now(), stale: false, held: undefined, waiting: new Set() };
      this.#topics.set(topic, entry);
      this.#subscribe(entry);
    }
    const registered = listener as Listener<never>;
    entry.listeners.add(registered);
    const readiness = new Readiness();
    if (entry.confirmed) readiness.confirm();
    else entry.waiting.add(readiness);
    this.#ensureConnected();
    this.#ensureStaleTimer();
    let removed = false;
    const unsubscribe = (): void => {
      if (removed) return;
      removed = true;
      readiness.confirm();
      const current = this.#topics.get(topic);
      if (!current) return;
      current.waiting.delete(readiness);
      if (!current.listeners.delete(registered) || current.listeners.size > 0) return;
      this.#topics.delete(topic);
      this.#send({ type: `${route}.unsubscribe`, payload: params });
    };
    return subscription(unsubscribe, readiness.promise);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#staleTimer);
    for (const entry of this.#topics.values()) for (const readiness of entry.waiting) readiness.confirm();
    this.#topics.clear();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) detachAndClose(socket);
    this.#setState('disconnected');
  }

  #ensureConnected(): void {
    if (this.#socket || this.#retryTimer !== undefined || this.#loading || this.#closed) return;
    this.#connect();
  }

  #connect(): void {
    this.#retryTimer = undefined;
    this.#setState(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    const Ctor = this.#options.WebSocket ?? globalWebSocket() ?? this.#loadedWebSocket;
    if (!Ctor) return this.#loadWebSocket();
    const { token } = this.#options;
    const header = token !== undefined && (this.#options.credentials ?? (isNode() ? 'header' : 'query')) === 'header';
    const url = token !== undefined && !header ? `${this.#url}?token=${encodeURIComponent(token)}` : this.#url;
    let socket: WebSocket;
    try {
      socket = header ? new Ctor(url, { headers: { authorization: `Bearer ${String(token)}` } }) : new Ctor(url);
    } catch {
      return this.#scheduleRetry();
    }
    this.#socket = socket;
    socket.onopen = () => this.#opened(socket);
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.#receive(event.data);
    };
    socket.onclose = () => this.#lost(socket);
    // A failed connection also fires close; nothing to do here.
    socket.onerror = () => undefined;
  }

  #loadWebSocket(): void {
    if (!isNode()) throw new Error('no WebSocket implementation: pass options.WebSocket');
    this.#loading = true;
    void loadNodeWebSocket().then((Ctor) => {
      this.#loading = false;
      if (this.#closed) return;
      if (!Ctor) return this.#noWebSocket();
      this.#loadedWebSocket = Ctor;
      this.#connect();
    });
  }

  /** Without any WebSocket the subscriptions cannot be confirmed: their `ready` rejects instead of waiting forever. */
  #noWebSocket(): void {
    const message = 'this Node has no WebSocket: install the ws package (npm install ws) or pass options.WebSocket';
    for (const entry of this.#topics.values()) {
      for (const readiness of entry.waiting) readiness.refuse('NO_WEBSOCKET', message);
      entry.waiting.clear();
    }
    this.errors.emit({ code: 'NO_WEBSOCKET', message });
  }

  #opened(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.#attempt = 0;
    this.#owed.clear();
    this.#setState('connected');
    for (const entry of this.#topics.values()) this.#subscribe(entry);
  }

  #lost(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#owed.clear();
    for (const entry of this.#topics.values()) entry.confirmed = false;
    if (this.#closed) return;
    // A failed reconnect attempt stays "reconnecting"; only losing a live connection reports "disconnected".
    if (this.#state === 'connected') this.#setState('disconnected');
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (this.#closed) return;
    const initial = this.#options.reconnect?.initialDelayMs ?? 250;
    const max = this.#options.reconnect?.maxDelayMs ?? 2000;
    const random = this.#options.random ?? Math.random;
    // Full-range jitter over the upper half keeps a fleet of clients from reconnecting in lockstep.
    const delay = Math.min(max, initial * 2 ** this.#attempt) * (0.5 + random() / 2);
    this.#attempt += 1;
    this.#setState('reconnecting');
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #subscribe(entry: TopicState): void {
    entry.confirmed = false;
    const resume = isAccountRoute(entry.route) && entry.lastSeq !== undefined ? { sinceSeq: entry.lastSeq } : {};
    if (this.#send({ type: `${entry.route}.subscribe`, payload: { ...entry.params, ...resume } })) {
      this.#owed.set(entry.topic, (this.#owed.get(entry.topic) ?? 0) + 1);
    }
  }

  #send(frame: { type: string; payload: unknown }): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  #receive(text: string): void {
    const frame = parseServerFrame(text);
    if (frame) this.#handle(frame);
  }

  #handle(frame: ServerFrame): void {
    switch (frame.kind) {
      case 'subscribed':
        return this.#confirmed(frame.topic, frame.ok, frame.message, frame.seq, frame.code);
      case 'update':
        return this.#update(frame.route, frame.topic, frame.data, frame.seq);
      case 'error':
        return this.errors.emit({ code: frame.code, message: frame.message });
      case 'unsubscribed':
        return;
    }
  }

  #confirmed(topic: string, ok: boolean, message: string, seq: number | undefined, code: string | undefined): void {
    const owed = (this.#owed.get(topic) ?? 1) - 1;
    if (owed > 0) this.#owed.set(topic, owed);
    else this.#owed.delete(topic);
    const entry = this.#topics.get(topic);
    if (!entry || owed > 0) return;
    if (!ok && code === 'RESYNC_REQUIRED') return this.#resync(entry);
    if (!ok) {
      this.errors.emit({ code: 'SUBSCRIBE_FAILED', message, topic });
      for (const readiness of entry.waiting) readiness.refuse(code ?? 'SUBSCRIBE_FAILED', message);
      entry.waiting.clear();
      return;
    }
    entry.confirmed = true;
    for (const readiness of entry.waiting) readiness.confirm();
    entry.waiting.clear();
    entry.lastActivity = Date.now();
    if (isAccountRoute(entry.route) && entry.lastSeq === undefined && seq !== undefined) entry.lastSeq = seq;
    if (entry.held !== undefined) void this.#deliverSnapshot(entry);
  }

  /** Too far behind to resume: start over from now, with the current state read over REST first. */
  #resync(entry: TopicState): void {
    entry.lastSeq = undefined;
    entry.held = [];
    this.resyncs.emit(entry.topic);
    this.#subscribe(entry);
  }

  async #deliverSnapshot(entry: TopicState): Promise<void> {
    let items: readonly unknown[] = [];
    try {
      items = (await this.#options.snapshot?.(entry.route, entry.params)) ?? [];
    } catch (error) {
      this.errors.emit({ code: 'RESYNC_FAILED', message: error instanceof Error ? error.message : String(error), topic: entry.topic });
    }
    const held = entry.held ?? [];
    entry.held = undefined;
    if (this.#topics.get(entry.topic) !== entry) return;
    for (const item of items) this.#notify(entry, item);
    for (const update of held) this.#update(entry.route, entry.topic, update.data, update.seq);
  }

  #notify(entry: TopicState, value: unknown): void {
    for (const listener of [...entry.listeners]) {
      try {
        (listener as Listener<typeof value>)(value as never);
      } catch (error) {
        this.listenerFailed(entry.topic, error);
      }
    }
  }

  #update(route: StreamRoute, topic: string, data: unknown, seq: number | undefined): void {
    const entry = this.#topics.get(topic);
    if (!entry || !entry.confirmed) return;
    if (entry.held !== undefined) {
      entry.held.push({ data, seq });
      return;
    }
    entry.lastActivity = Date.now();
    if (entry.stale) {
      entry.stale = false;
      this.freshEvents.emit(topic);
    }
    if (seq !== undefined) {
      if (entry.lastSeq !== undefined && seq <= entry.lastSeq) return;
      entry.lastSeq = seq;
    }
    this.#notify(entry, decodeUpdate(route, data));
  }

  #thresholdOf(route: StreamRoute): number | undefined {
    const option = this.#options.staleAfterMs;
    if (typeof option === 'number') return option;
    return (option ?? DEFAULT_STALE_AFTER_MS)[route];
  }

  #ensureStaleTimer(): void {
    if (this.#staleTimer !== undefined) return;
    const thresholds = WS_ROUTES.map((route) => this.#thresholdOf(route)).filter((t) => t !== undefined);
    if (thresholds.length === 0) return;
    const every = Math.max(20, Math.min(1000, Math.min(...thresholds) / 4));
    this.#staleTimer = setInterval(() => this.#checkStale(), every);
    // A quiet stream must not keep a Node process alive on its own.
    (this.#staleTimer as { unref?: () => void }).unref?.();
  }

  #checkStale(): void {
    if (this.#state !== 'connected') return;
    const now = Date.now();
    for (const entry of this.#topics.values()) {
      const threshold = this.#thresholdOf(entry.route);
      if (threshold === undefined || !entry.confirmed || entry.stale || now - entry.lastActivity <= threshold) continue;
      entry.stale = true;
      this.staleEvents.emit(entry.topic);
    }
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.stateChanges.emit(state);
  }
}

function wsUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (/^wss?:\/\//.test(trimmed)) return trimmed.endsWith('/ws') ? trimmed : `${trimmed.replace(/\/api\/v1$/, '')}/api/v1/ws`;
  return `${trimmed.replace(/\/api\/v1$/, '').replace(/^http/, 'ws')}/api/v1/ws`;
}

function detachAndClose(socket: WebSocket): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
  try {
    socket.close();
  } catch {
    // already closing
  }
}
