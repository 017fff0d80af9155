/** A small WebSocket test client that records every frame and waits for conditions. */
import WebSocket from 'ws';
import { eventually } from './harness.ts';

export interface Frame {
  readonly type: string;
  readonly payload: { topic?: string; status?: string; seq?: number; payload?: unknown; code?: string; message?: string };
}

export class TestSocket {
  readonly socket: WebSocket;
  readonly frames: Frame[] = [];
  readonly opened: Promise<void>;

  constructor(baseUrl: string, options: { token?: string; header?: string; query?: string; origin?: string } = {}) {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/ws${options.query ?? ''}`;
    this.socket = new WebSocket(url, {
      ...(options.header ? { headers: { authorization: options.header } } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    });
    // Attached synchronously: no frame is missed.
    this.socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
      this.socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  async subscribe(route: string, payload: Record<string, unknown>): Promise<Frame> {
    const before = this.frames.length;
    this.send({ type: `${route}.subscribe`, payload });
    return eventually(() => this.frames.slice(before).find((f) => f.type === `${route}.subscribe.response`), 5000, `${route}.subscribe.response`);
  }

  updates(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  waitFor(predicate: (frame: Frame) => boolean, what = 'frame', timeoutMs = 5000): Promise<Frame> {
    return eventually(() => this.frames.find(predicate), timeoutMs, what);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Closes cleanly, or tears the connection down when the peer cannot answer (a paused or dropped socket). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      const force = setTimeout(() => this.socket.terminate(), 500);
      this.socket.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      this.socket.close();
    });
  }
}
