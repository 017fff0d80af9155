/**
 * Alpaca's real-time market data stream (`wss://stream.data.alpaca.markets/v2/{feed}`): authenticate, subscribe to
 * quotes and trades of the symbols, hand each `q` and `t` message on, and reconnect with backoff when the socket drops.
 */
import { WebSocket } from 'ws';

/** A `q` (quote) or `t` (trade) message, as documented. */
export type AlpacaDataMessage =
  | { readonly T: 'q'; readonly S: string; readonly bp: number; readonly bs: number; readonly ap: number; readonly as: number; readonly t: string }
  | { readonly T: 't'; readonly S: string; readonly p: number; readonly s: number; readonly t: string };

export interface AlpacaDataStreamOptions {
  readonly url: string;
  readonly keyId: string;
  readonly secretKey: string;
  readonly symbols: readonly string[];
  readonly onMessage: (message: AlpacaDataMessage) => void;
  readonly onError: (error: unknown) => void;
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
}

export class AlpacaDataStream {
  readonly #options: AlpacaDataStreamOptions;
  #socket: WebSocket | undefined;
  #stopped = true;
  #retry = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: AlpacaDataStreamOptions) {
    this.#options = options;
  }

  /** Resolves once subscribed (or rejects when the first connection or authentication fails). */
  start(): Promise<void> {
    this.#stopped = false;
    return this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.terminate();
    this.#socket = undefined;
  }

  #connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.#options.url);
      this.#socket = socket;
      let subscribed = false;
      socket.on('message', (data) => {
        let messages: unknown;
        try {
          messages = JSON.parse(String(data));
        } catch {
          return;
        }
        for (const message of Array.isArray(messages) ? (messages as Record<string, unknown>[]) : []) {
          if (message.T === 'success' && message.msg === 'connected') {
            socket.send(JSON.stringify({ action: 'auth', key: this.#options.keyId, secret: this.#options.secretKey }));
          } else if (message.T === 'success' && message.msg === 'authenticated') {
            socket.send(JSON.stringify({ action: 'subscribe', quotes: this.#options.symbols, trades: this.#options.symbols }));
          } else if (message.T === 'subscription' && !subscribed) {
            subscribed = true;
            this.#retry = 0;
            resolve();
          } else if (message.T === 'error') {
            const error = new Error(`alpaca market data stream: ${String(message.code)} ${String(message.msg)}`);
            if (!subscribed) reject(error);
            else this.#options.onError(error);
            socket.terminate();
          } else if (message.T === 'q' || message.T === 't') this.#options.onMessage(message as unknown as AlpacaDataMessage);
        }
      });
      socket.on('error', (error) => {
        if (!subscribed) reject(error);
      });
      socket.on('close', () => {
        if (this.#stopped || !subscribed) return;
        this.#options.onError(new Error('alpaca market data stream lost; reconnecting'));
        this.#schedule();
      });
    });
  }

  #schedule(): void {
    const delay = Math.min(this.#options.reconnectMaxMs ?? 30_000, (this.#options.reconnectMinMs ?? 500) * 2 ** this.#retry);
    this.#retry++;
    this.#timer = setTimeout(() => {
      if (this.#stopped) return;
      this.#connect().catch((error: unknown) => {
        this.#options.onError(error);
        this.#schedule();
      });
    }, delay);
    this.#timer.unref();
  }
}
