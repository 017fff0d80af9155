/**
 * Fan-out ceiling: one bare `ws` WebSocketServer that serializes each update once (to a Buffer, the same
 * frame bytes our gateway sends) and writes it to every open socket. No protocol, no subscriptions.
 */
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { FANOUT_ROUTE, FANOUT_TOPIC, servePublisher } from './ws-fanout-publisher.ts';

const server = createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
await new Promise<void>((ok) => server.listen({ host: '127.0.0.1', port: 0, backlog: 2048 }, ok));
const address = server.address();

servePublisher(
  typeof address === 'object' && address ? address.port : 0,
  (data, n) => {
    const frame = Buffer.from(JSON.stringify({ type: `${FANOUT_ROUTE}.update`, payload: { topic: FANOUT_TOPIC, payload: data, seq: n } }));
    for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(frame, { binary: false });
  },
  () => wss.clients.size,
);
