/**
 * What every fan-out target shares: the topic, a quote-shaped payload stamped with its scheduled send time,
 * and the IPC loop through which the benchmark asks a target to publish `rate` updates/s for `seconds`.
 */
import type { QuoteData } from '@trading-pro/contracts';

export const FANOUT_ACCOUNT = 'DEMO-001';
export const FANOUT_ROUTE = 'orders';
/** The topic string our gateway builds for `orders` {accountId: DEMO-001}; the baselines use it as their room. */
export const FANOUT_TOPIC = `orders:{"accountId":"${FANOUT_ACCOUNT}"}`;

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export type FanoutQuote = QuoteData & { v: { sentAt: number } };

/** The n-th update: a realistic quote whose `v.sentAt` is the time it was scheduled to leave. */
export function fanoutQuote(n: number, sentAt: number): FanoutQuote {
  const lp = 64000 + (n % 200) * 0.25;
  return {
    s: 'ok',
    n: 'BTCUSD',
    v: {
      lp,
      bid: lp - 0.5,
      ask: lp + 0.5,
      bid_size: 1.25,
      ask_size: 0.75,
      ch: 125.5,
      chp: 0.19,
      volume: 18234.125,
      open_price: 63874.5,
      high_price: 64350,
      low_price: 63510.25,
      prev_close_price: 63874.5,
      time: Math.floor(sentAt),
      sentAt,
    },
  };
}

export type PublisherCommand = { readonly type: 'publish'; readonly rate: number; readonly seconds: number } | { readonly type: 'stop' };

export interface PublisherReport {
  readonly type: 'published';
  readonly count: number;
  /** The worst lateness of the publishing timer against the schedule (event-loop saturation). */
  readonly lagMs: number;
  /** Server CPU time (user + system) per wall-clock second during the run, in percent of one core. */
  readonly cpuPercent: number;
  readonly cpuMs: number;
  readonly connections: number;
}

function send(message: unknown): void {
  process.send?.(message);
}

/**
 * Announces the port, then publishes on command. Updates follow a fixed schedule: each carries its scheduled
 * time, so an event loop that falls behind shows up as delivery latency rather than as a slower schedule.
 */
export function servePublisher(port: number, publish: (data: FanoutQuote, n: number) => void, connections: () => number): void {
  let n = 0;
  process.on('message', (message: PublisherCommand) => {
    if (message.type === 'stop') process.exit(0);
    const total = Math.round(message.rate * message.seconds);
    const period = 1000 / message.rate;
    const start = wallNow();
    const cpu0 = process.cpuUsage();
    let sent = 0;
    let lagMs = 0;
    const tick = () => {
      const now = wallNow();
      if (sent < total) lagMs = Math.max(lagMs, now - (start + sent * period));
      while (sent < total && start + sent * period <= now) {
        publish(fanoutQuote(n, start + sent * period), ++n);
        sent++;
      }
      if (sent < total) {
        setTimeout(tick, Math.max(0, start + sent * period - wallNow()));
        return;
      }
      // Let the last fan-out leave (our gateway flushes on setImmediate) before reporting.
      setTimeout(() => {
        const cpu = process.cpuUsage(cpu0);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        send({ type: 'published', count: sent, lagMs, cpuPercent: (100 * cpuMs) / (wallNow() - start), cpuMs, connections: connections() } satisfies PublisherReport);
      }, 0);
    };
    tick();
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
}
