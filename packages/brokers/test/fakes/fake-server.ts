/**
 * A loopback HTTP + WebSocket server for fake venues, with fault injection: a response withheld after the
 * request was handled (the venue accepted it, the client times out), a request that reaches the venue late and
 * is never answered (a lookup races it), a connection dropped before handling,
 * or a canned status (429 with Retry-After). Every request is logged for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
}

export interface FakeResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Fault =
  | { readonly kind: 'withhold' }
  | { readonly kind: 'drop' }
  /** Reaches the venue only after `delayMs` (a slow network path) and is never answered: lookups race it. */
  | { readonly kind: 'late'; readonly delayMs: number }
  /** Answered with `response` instead of the venue's answer; a function is called when the answer leaves (an answer that names a time). */
  | { readonly kind: 'status'; readonly response: FakeResponse | (() => FakeResponse) };

interface PendingFault {
  readonly matches: (request: FakeRequest) => boolean;
  readonly fault: Fault;
  remaining: number;
}

export class FakeServer {
  readonly log: { method: string; path: string; time: number }[] = [];
  readonly sockets = new Set<WebSocket>();
  readonly #handle: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;
  readonly #onSocket: (socket: WebSocket, path: string, query: URLSearchParams) => void;
  readonly #faults: PendingFault[] = [];
  readonly #connections = new Set<Socket>();
  #server: Server | undefined;
  #wss: WebSocketServer | undefined;

  constructor(handle: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>, onSocket: (socket: WebSocket, path: string, query: URLSearchParams) => void) {
    this.#handle = handle;
    this.#onSocket = onSocket;
  }

  async start(): Promise<{ httpUrl: string; wsUrl: string }> {
    const server = createServer((req, res) => void this.#serve(req, res));
    server.on('connection', (socket) => {
      this.#connections.add(socket);
      socket.on('close', () => this.#connections.delete(socket));
    });
    const wss = new WebSocketServer({ server });
    wss.on('connection', (socket, req) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      const url = new URL(req.url ?? '/', 'http://fake');
      this.#onSocket(socket, url.pathname, url.searchParams);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#wss = wss;
    const { port } = server.address() as AddressInfo;
    return { httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    for (const connection of this.#connections) connection.destroy();
    this.#wss?.close();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** The next `count` requests that match get `fault` instead of a normal answer. */
  inject(matches: (request: FakeRequest) => boolean, fault: Fault, count = 1): void {
    this.#faults.push({ matches, fault, remaining: count });
  }

  /** Closes every WebSocket (a network blip on the user stream). */
  dropSockets(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  requests(method: string, path: string): number {
    return this.log.filter((entry) => entry.method === method && entry.path === path).length;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      rawQuery: url.search.slice(1),
      query: url.searchParams,
      body: Buffer.concat(chunks).toString('utf8'),
      headers: req.headers,
    };
    this.log.push({ method: request.method, path: request.path, time: Date.now() });
    const fault = this.#takeFault(request);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'late') {
      setTimeout(() => void Promise.resolve(this.#handle(request)).catch(() => undefined), fault.delayMs).unref();
      return;
    }
    if (fault?.kind === 'status') {
      this.#send(res, typeof fault.response === 'function' ? fault.response() : fault.response);
      return;
    }
    const response = await this.#handle(request);
    if (fault?.kind === 'withhold') return; // handled, never answered: the client times out
    this.#send(res, response);
  }

  #takeFault(request: FakeRequest): Fault | undefined {
    const pending = this.#faults.find((candidate) => candidate.remaining > 0 && candidate.matches(request));
    if (pending === undefined) return undefined;
    pending.remaining -= 1;
    return pending.fault;
  }

  #send(res: ServerResponse, response: FakeResponse): void {
    const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
    res.end(body);
  }
}
