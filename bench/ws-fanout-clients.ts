/**
 * A fan-out load process: opens many WebSocket subscribers to one target (our gateway, raw `ws` or Socket.IO)
 * in batches, and records each update's delivery latency (receive time − the `sentAt` stamped in the payload)
 * into a histogram the benchmark merges. Socket.IO is spoken directly (Engine.IO v4 / Socket.IO v5 text
 * packets over the same minimal client), so every target's subscribers cost the same per frame on the client side.
 */
import { isMain } from './lib.ts';
import { LiteSocket } from './ws-lite-client.ts';
import { FANOUT_ACCOUNT, FANOUT_ROUTE, FANOUT_TOPIC, wallNow } from './servers/ws-fanout-publisher.ts';

export type FanoutKind = 'ours' | 'raw' | 'socketio';

export type ClientCommand =
  | {
      readonly type: 'connect';
      readonly kind: FanoutKind;
      readonly port: number;
      readonly count: number;
      readonly batch: number;
      /** What precedes the send time in an update frame (default `"sentAt":`). */
      readonly stamp?: string;
    }
  | { readonly type: 'reset' | 'count' | 'report' };

export type ClientReply =
  | { readonly type: 'connected'; readonly open: number; readonly failed: number; readonly ms: number }
  | { readonly type: 'reset'; readonly open: number }
  | { readonly type: 'count'; readonly received: number }
  | { readonly type: 'report'; readonly received: number; readonly maxMs: number; readonly cpuMs: number; readonly buckets: Array<[number, number]>; readonly open: number; readonly dropped: number };

// Latency histogram: 0.05 ms buckets below 100 ms, then 1 ms buckets up to 60 s.
const FINE_MS = 100;
const FINE_STEP_MS = 0.05;
const FINE = FINE_MS / FINE_STEP_MS;
export const BUCKETS = FINE + 60_000;

export function bucketOf(ms: number): number {
  if (ms < FINE_MS) return Math.max(0, Math.floor(ms / FINE_STEP_MS));
  return Math.min(BUCKETS - 1, FINE + Math.floor(ms - FINE_MS));
}

/** The upper edge of a bucket, in ms (percentiles are reported at bucket resolution). */
export function bucketUpperMs(i: number): number {
  return i < FINE ? (i + 1) * FINE_STEP_MS : FINE_MS + (i - FINE + 1);
}

/** The p-th percentile (0–100) of a merged histogram, by nearest rank. */
export function histogramPercentile(histogram: Uint32Array, p: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return bucketUpperMs(i);
  }
  return Number.NaN;
}

function reply(message: ClientReply): void {
  process.send?.(message);
}

class Subscribers {
  histogram = new Uint32Array(BUCKETS);
  received = 0;
  maxMs = 0;
  open = 0;
  dropped = 0;
  #cpu = process.cpuUsage();

  /** Counts one update (the hot path, the same for every target). */
  onStamp(sentAt: number): void {
    const ms = wallNow() - sentAt;
    this.received++;
    if (ms > this.maxMs) this.maxMs = ms;
    const bucket = bucketOf(ms);
    this.histogram[bucket] = (this.histogram[bucket] ?? 0) + 1;
  }

  reset(): void {
    this.histogram = new Uint32Array(BUCKETS);
    this.received = 0;
    this.maxMs = 0;
    this.dropped = 0;
    this.#cpu = process.cpuUsage();
  }

  /** CPU time (user + system) of this process since the last reset, in ms. */
  cpuMs(): number {
    const cpu = process.cpuUsage(this.#cpu);
    return (cpu.user + cpu.system) / 1000;
  }

  /** Opens one subscriber; resolves true once it is subscribed (confirmed), false on failure or timeout. */
  connect(kind: FanoutKind, port: number, stamp?: string): Promise<boolean> {
    const path = kind === 'socketio' ? '/socket.io/?EIO=4&transport=websocket' : kind === 'ours' ? '/api/v1/ws' : '/';
    return new Promise((settle) => {
      let ready = false;
      const done = (ok: boolean) => {
        clearTimeout(timer);
        if (ready) return;
        if (!ok) {
          socket.close();
          return settle(false);
        }
        ready = true;
        this.open++;
        settle(true);
      };
      const socket: LiteSocket = new LiteSocket(port, path, {
        onStamp: (sentAt) => this.onStamp(sentAt),
        onOpen: () => {
          if (kind === 'raw') done(true);
          if (kind === 'ours') socket.send(JSON.stringify({ type: `${FANOUT_ROUTE}.subscribe`, payload: { accountId: FANOUT_ACCOUNT } }));
        },
        onText: (text) => {
          if (kind === 'socketio') {
            // Engine.IO open → Socket.IO connect → join with an ack; answer heartbeats.
            if (text === '2') socket.send('3');
            else if (text.startsWith('0{')) socket.send('40');
            else if (text.startsWith('40')) socket.send(`421${JSON.stringify(['join', FANOUT_TOPIC])}`);
            else if (text.startsWith('431')) done(true);
          } else if (kind === 'ours' && text.startsWith(`{"type":"${FANOUT_ROUTE}.subscribe.response"`)) done(text.includes('"status":"ok"'));
        },
        onClose: () => {
          if (!ready) return done(false);
          this.open--;
          this.dropped++;
        },
      }, stamp === undefined ? undefined : Buffer.from(stamp));
      const timer = setTimeout(() => done(false), 15_000);
    });
  }
}

async function main(): Promise<void> {
  const subscribers = new Subscribers();
  process.on('message', async (command: ClientCommand) => {
    if (command.type === 'connect') {
      const t0 = performance.now();
      let failed = 0;
      for (let opened = 0; opened < command.count; opened += command.batch) {
        const batch = Math.min(command.batch, command.count - opened);
        const results = await Promise.all(Array.from({ length: batch }, () => subscribers.connect(command.kind, command.port, command.stamp)));
        failed += results.filter((ok) => !ok).length;
      }
      reply({ type: 'connected', open: subscribers.open, failed, ms: performance.now() - t0 });
    } else if (command.type === 'reset') {
      subscribers.reset();
      reply({ type: 'reset', open: subscribers.open });
    } else if (command.type === 'count') {
      reply({ type: 'count', received: subscribers.received });
    } else {
      const buckets: Array<[number, number]> = [];
      subscribers.histogram.forEach((count, i) => {
        if (count > 0) buckets.push([i, count]);
      });
      reply({ type: 'report', received: subscribers.received, maxMs: subscribers.maxMs, cpuMs: subscribers.cpuMs(), buckets, open: subscribers.open, dropped: subscribers.dropped });
    }
  });
  // The benchmark going away ends this process and its sockets.
  process.on('disconnect', () => process.exit(0));
}

if (isMain(import.meta.url)) void main();
