/**
 * A minimal WebSocket client for load generation: the RFC 6455 upgrade and unfragmented frames read through
 * `net`'s `onread` into one shared buffer, so thousands of subscribers in one process cost as little CPU per
 * received frame as Node allows. Update frames are recognized by the `"sentAt":` stamp (or another marker followed
 * by the send time) without decoding them.
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

const SHARED = Buffer.alloc(256 * 1024);
const STAMP = Buffer.from('"sentAt":');
const HEADER_END = Buffer.from('\r\n\r\n');

export interface LiteHandlers {
  /** An update frame carrying `"sentAt":<ms>`; receives the stamp. */
  onStamp(sentAt: number): void;
  /** Any other text frame (handshakes, confirmations). */
  onText(text: string): void;
  onOpen(): void;
  onClose(): void;
}

/** A client text frame, masked with a zero key (valid per RFC 6455, and the payload needs no XOR). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const head = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, Buffer.alloc(4), payload]);
}

export class LiteSocket {
  readonly #socket: Socket;
  readonly #handlers: LiteHandlers;
  readonly #stamp: Buffer;
  #pending: Buffer | undefined;
  #upgraded = false;

  constructor(port: number, path: string, handlers: LiteHandlers, stamp: Buffer = STAMP) {
    this.#handlers = handlers;
    this.#stamp = stamp;
    this.#socket = connect({ host: '127.0.0.1', port, noDelay: true, onread: { buffer: SHARED, callback: (n: number, buf: Uint8Array) => this.#read(buf as Buffer, n) } });
    this.#socket.once('connect', () => {
      const key = randomBytes(16).toString('base64');
      this.#socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    this.#socket.once('close', () => handlers.onClose());
    this.#socket.on('error', () => this.#socket.destroy());
  }

  send(text: string): void {
    this.#socket.write(textFrame(text));
  }

  close(): void {
    this.#socket.destroy();
  }

  #read(buf: Buffer, n: number): boolean {
    // The shared buffer is reused by the next read: keep only an incomplete tail, copied.
    let data = this.#pending ? Buffer.concat([this.#pending, buf.subarray(0, n)]) : buf.subarray(0, n);
    this.#pending = undefined;
    if (!this.#upgraded) {
      const end = data.indexOf(HEADER_END);
      if (end < 0) {
        this.#pending = Buffer.from(data);
        return true;
      }
      if (!data.subarray(0, 13).toString('latin1').startsWith('HTTP/1.1 101')) {
        this.#socket.destroy();
        return false;
      }
      this.#upgraded = true;
      data = data.subarray(end + 4);
      this.#handlers.onOpen();
    }
    let offset = 0;
    while (offset + 2 <= data.length) {
      const opcode = (data[offset] as number) & 0x0f;
      let length = (data[offset + 1] as number) & 0x7f;
      let start = offset + 2;
      if (length === 126) {
        if (start + 2 > data.length) break;
        length = data.readUInt16BE(start);
        start += 2;
      } else if (length === 127) {
        if (start + 8 > data.length) break;
        length = Number(data.readBigUInt64BE(start));
        start += 8;
      }
      if (start + length > data.length) break;
      this.#frame(opcode, data, start, start + length);
      offset = start + length;
    }
    if (offset < data.length) this.#pending = Buffer.from(data.subarray(offset));
    return true;
  }

  #frame(opcode: number, data: Buffer, start: number, end: number): void {
    if (opcode === 1) {
      const stamp = this.#stamp;
      const at = data.indexOf(stamp, start);
      if (at >= 0 && at < end) this.#handlers.onStamp(Number.parseFloat(data.toString('latin1', at + stamp.length, Math.min(end, at + stamp.length + 32))));
      else this.#handlers.onText(data.toString('utf8', start, end));
    } else if (opcode === 9) {
      const payload = data.subarray(start, end);
      this.#socket.write(Buffer.concat([Buffer.from([0x8a, 0x80 | payload.length]), Buffer.alloc(4), payload]));
    } else if (opcode === 8) {
      this.#socket.end();
    }
  }
}
