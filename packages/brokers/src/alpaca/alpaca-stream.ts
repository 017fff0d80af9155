/**
 * Alpaca's account WebSocket (`/stream`): authenticate, listen to `trade_updates`, and reconnect with
 * backoff when the socket drops. The owner reconciles through REST each time the stream is (re)established,
 * because updates sent while it was down are lost for good.
 */
import { WebSocket } from 'ws';
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { AlpacaTradeUpdateWire } from './alpaca-types.ts';

export interface AlpacaStreamOptions {
  readonly url: string;
  readonly keyId: string;
  readonly secretKey: string;
  readonly connectTimeoutMs: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** A ping goes out this often; no pong by the next one means the socket is dead. */
  readonly pingIntervalMs: number;
  readonly onUpdate: (update: AlpacaTradeUpdateWire) => void;
  /** `up` after every successful (re)subscription, `down` when an established socket is lost. */
  readonly onState: (state: 'up' | 'down', reason: string) => void;
}

interface StreamMessage {
  readonly stream?: string;
  readonly data?: { readonly status?: string; readonly streams?: readonly string[]; readonly error?: string } & Record<string, unknown>;
}

export class AlpacaTradeStream {
  readonly #options: AlpacaStreamOptions;
  #socket: WebSocket | undefined;
  #stopped = true;
  #retry = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;

  constructor(options: AlpacaStreamOptions) {
    this.#options = options;
  }

  /** Opens and subscribes; rejects with UNAUTHORIZED or BROKER_UNAVAILABLE (no retry on this first attempt). */
  async start(): Promise<void> {
    this.#stopped = false;
    this.#retry = 0;
    await this.#open();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#pingTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    }
  }

  /** Drops the socket as a network failure would (tests and operators use it to force a resync). */
  interrupt(): void {
    this.#socket?.terminate();
  }

  #open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.#options.url, { handshakeTimeout: this.#options.connectTimeoutMs });
      this.#socket = socket;
      let subscribed = false;
      const fail = (error: TradingError) => {
        clearTimeout(timer);
        socket.terminate();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'Alpaca trade stream did not subscribe in time')),
        this.#options.connectTimeoutMs,
      );
      socket.on('open', () => {
        socket.send(JSON.stringify({ action: 'auth', key: this.#options.keyId, secret: this.#options.secretKey }));
      });
      socket.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
        const message = decode(raw);
        if (!message) return;
        if (message.stream === 'authorization') {
          if (message.data?.status !== 'authorized') {
            fail(new TradingError(ErrorCode.UNAUTHORIZED, 'Alpaca trade stream rejected the API key'));
            return;
          }
          socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
        } else if (message.stream === 'listening') {
          if (!message.data?.streams?.includes('trade_updates')) {
            fail(new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'Alpaca trade stream refused trade_updates'));
            return;
          }
          subscribed = true;
          clearTimeout(timer);
          this.#retry = 0;
          this.#startPings(socket);
          this.#options.onState('up', 'trade stream subscribed');
          resolve();
        } else if (message.stream === 'trade_updates' && message.data) {
          this.#options.onUpdate(message.data as unknown as AlpacaTradeUpdateWire);
        }
      });
      socket.on('error', (error) => {
        if (!subscribed) fail(new TradingError(ErrorCode.BROKER_UNAVAILABLE, `Alpaca trade stream: ${error.message}`, { cause: error }));
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (!subscribed) {
          reject(new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'Alpaca trade stream closed before subscribing'));
        }
        if (this.#socket !== socket) return;
        clearInterval(this.#pingTimer);
        if (subscribed && !this.#stopped) this.#options.onState('down', 'trade stream lost; reconnecting');
        if (subscribed) this.#scheduleReconnect();
      });
    });
  }

  #startPings(socket: WebSocket): void {
    clearInterval(this.#pingTimer);
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    this.#pingTimer = setInterval(() => {
      if (!alive) {
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, this.#options.pingIntervalMs);
    this.#pingTimer.unref();
  }

  #scheduleReconnect(): void {
    if (this.#stopped) return;
    const delay = Math.min(this.#options.reconnectMaxMs, this.#options.reconnectMinMs * 2 ** this.#retry);
    this.#retry += 1;
    this.#reconnectTimer = setTimeout(() => {
      if (this.#stopped) return;
      this.#open().catch(() => this.#scheduleReconnect());
    }, delay);
  }
}

function decode(raw: Buffer | ArrayBuffer | Buffer[]): StreamMessage | undefined {
  // The paper endpoint sends binary frames, the live one text; both carry JSON.
  const text = Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as StreamMessage) : undefined;
  } catch {
    return undefined;
  }
}
