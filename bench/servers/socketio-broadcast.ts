/**
 * Fan-out comparison: a Socket.IO 4 server over the WebSocket transport only. Clients emit `join` with the
 * topic (acknowledged once joined); each update is one `io.to(topic).emit`, which Socket.IO encodes once per
 * broadcast and writes to every socket in the room.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { FANOUT_ROUTE, FANOUT_TOPIC, servePublisher } from './ws-fanout-publisher.ts';

const server = createServer();
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false, maxHttpBufferSize: 64 * 1024 });
io.on('connection', (socket) => {
  socket.on('join', (room: unknown, ack: unknown) => {
    if (typeof room !== 'string') return;
    void socket.join(room);
    if (typeof ack === 'function') ack('ok');
  });
});
await new Promise<void>((ok) => server.listen({ host: '127.0.0.1', port: 0, backlog: 2048 }, ok));
const address = server.address();

servePublisher(
  typeof address === 'object' && address ? address.port : 0,
  (data, n) => io.to(FANOUT_TOPIC).emit(`${FANOUT_ROUTE}.update`, { topic: FANOUT_TOPIC, payload: data, seq: n }),
  () => io.engine.clientsCount,
);
