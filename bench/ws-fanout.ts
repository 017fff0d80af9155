/**
 * Fan-out of one topic to many WebSocket subscribers: our gateway beside a raw `ws` broadcast (the ceiling) and
 * a Socket.IO room broadcast, measured the same way one after another. Each server runs in its own process and
 * publishes quote-shaped updates on a fixed schedule, stamping each with its scheduled send time; two load
 * processes hold the subscribers and histogram receive time − stamped time (one machine, one clock).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, isMain, printResult, round, writeResult } from './lib.ts';
import { BUCKETS, type ClientCommand, type ClientReply, type FanoutKind, histogramPercentile } from './ws-fanout-clients.ts';
import type { PublisherCommand, PublisherReport } from './servers/ws-fanout-publisher.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5000);
export const LOAD_PROCESSES = 2;
export const BATCH = 250;
export const BASE_RATE = 10;
export const BASE_SECONDS = 3;
export const STEP_SECONDS = 2;
const STEP_RATES = [15, 20, 30, 40, 60, 80, 120, 160, 240, 320, 480, 640];
/** The quality bar (DESIGN.md): delivery p99 under this. */
export const P99_BAR_MS = 50;
/**
 * A server keeps up with a rate when every update reaches every subscriber, none is dropped, and p99 stays
 * under this: a server short of capacity by more than ~10% piles up a larger backlog within one step.
 */
const KEEP_UP_P99_MS = 250;
const DRAIN_MS = 5000;

const TARGETS: ReadonlyArray<{ kind: FanoutKind; script: string; label: string; what: string }> = [
  {
    kind: 'raw',
    script: 'servers/ws-raw-broadcast.ts',
    label: 'raw ws broadcast (ceiling)',
    what: 'one bare ws WebSocketServer writes each update, serialized once to a Buffer, to every open socket',
  },
  {
    kind: 'ours',
    script: 'servers/ws-fanout-target.ts',
    label: 'our gateway (full server)',
    what: 'the full app (buildApp: market, paper broker, gateway); clients confirm `orders.subscribe` {accountId: DEMO-001}; each update is published on the account bus subject as a journal-record-shaped message (not journaled) and goes bus → account producer → topic registry (serialized once) → delivery queue → every socket',
  },
  {
    kind: 'socketio',
    script: 'servers/socketio-broadcast.ts',
    label: 'Socket.IO room broadcast',
    what: 'Socket.IO 4 over the websocket transport only; clients join the topic room (acknowledged); each update is one io.to(room).emit',
  },
];

/** A forked process with typed request/reply over IPC. */
export class Peer<Out, In extends { type: string }> {
  readonly child: ChildProcess;
  readonly #waiting = new Map<string, Array<{ ok: (message: In) => void; fail: (error: Error) => void }>>();

  constructor(script: string) {
    this.child = fork(resolve(HERE, script), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: In) => this.#waiting.get(message.type)?.shift()?.ok(message));
    this.child.once('exit', (code) => {
      for (const queue of this.#waiting.values()) for (const waiter of queue) waiter.fail(new Error(`${script} exited with ${code}`));
      this.#waiting.clear();
    });
  }

  /** Sends a command (if any) and resolves with the next message of `replyType`. */
  ask<T extends In['type']>(command: Out | undefined, replyType: T): Promise<Extract<In, { type: T }>> {
    const reply = new Promise<Extract<In, { type: T }>>((ok, fail) => {
      const queue = this.#waiting.get(replyType) ?? [];
      queue.push({ ok: (message) => ok(message as Extract<In, { type: T }>), fail });
      this.#waiting.set(replyType, queue);
    });
    if (command !== undefined) this.child.send(command as object);
    return reply;
  }

  stop(): Promise<void> {
    return new Promise((ok) => {
      if (this.child.exitCode !== null) return ok();
      this.child.once('exit', () => ok());
      this.child.kill('SIGTERM');
    });
  }
}

type Server = Peer<PublisherCommand, PublisherReport | { type: 'ready'; port: number }>;
export type Load = Peer<ClientCommand, ClientReply>;

/** Publishes `rate` updates/s for `seconds` and reports what it sent and what it cost. */
export type Publish = (rate: number, seconds: number) => Promise<Omit<PublisherReport, 'type' | 'connections'>>;

export interface Step {
  readonly rate: number;
  readonly published: number;
  readonly expected: number;
  readonly received: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly maxMs: number;
  readonly dropped: number;
  readonly cpuPercent: number;
  /** CPU time per delivered frame, in µs: the server's, and the load processes' (the receiving side). */
  readonly serverUs: number;
  readonly clientUs: number;
  readonly lagMs: number;
  readonly keptUp: boolean;
}

async function total(loads: readonly Load[]): Promise<number> {
  const counts = await Promise.all(loads.map((load) => load.ask({ type: 'count' }, 'count')));
  return counts.reduce((sum, c) => sum + c.received, 0);
}

/** One rate: every subscriber should get `framesPerUpdate` frames per update published. */
export async function step(publish: Publish, loads: readonly Load[], rate: number, seconds: number, framesPerUpdate = 1): Promise<Step> {
  const resets = await Promise.all(loads.map((load) => load.ask({ type: 'reset' }, 'reset')));
  const subscribers = resets.reduce((sum, r) => sum + r.open, 0);
  const published = await publish(rate, seconds);
  const expected = published.count * subscribers * framesPerUpdate;
  const deadline = performance.now() + DRAIN_MS;
  while (performance.now() < deadline && (await total(loads)) < expected) await new Promise((r) => setTimeout(r, 50));
  const reports = await Promise.all(loads.map((load) => load.ask({ type: 'report' }, 'report')));
  const histogram = new Uint32Array(BUCKETS);
  for (const report of reports) for (const [i, count] of report.buckets) histogram[i] = (histogram[i] ?? 0) + count;
  const received = reports.reduce((sum, r) => sum + r.received, 0);
  const dropped = reports.reduce((sum, r) => sum + r.dropped, 0);
  const p99 = histogramPercentile(histogram, 99);
  return {
    rate,
    published: published.count,
    expected,
    received,
    seconds,
    p50: histogramPercentile(histogram, 50),
    p99,
    maxMs: Math.max(...reports.map((r) => r.maxMs)),
    dropped,
    cpuPercent: published.cpuPercent,
    serverUs: (1000 * published.cpuMs) / Math.max(1, received),
    clientUs: (1000 * reports.reduce((sum, r) => sum + r.cpuMs, 0)) / Math.max(1, received),
    lagMs: published.lagMs,
    keptUp: received >= expected && dropped === 0 && p99 <= KEEP_UP_P99_MS,
  };
}

/** Starts one target and its subscribers, then steps the update rate up until the server no longer keeps up. */
async function measure(target: (typeof TARGETS)[number]): Promise<{ steps: Step[]; connectMs: number; failed: number }> {
  const server: Server = new Peer(target.script);
  const loads: Load[] = Array.from({ length: LOAD_PROCESSES }, () => new Peer('ws-fanout-clients.ts'));
  try {
    const { port } = await server.ask(undefined, 'ready');
    const t0 = performance.now();
    const per = Math.ceil(SUBSCRIBERS / LOAD_PROCESSES);
    const connected = await Promise.all(loads.map((load, i) => load.ask({ type: 'connect', kind: target.kind, port, count: Math.min(per, SUBSCRIBERS - i * per), batch: BATCH }, 'connected')));
    const connectMs = performance.now() - t0;
    const failed = connected.reduce((sum, c) => sum + c.failed, 0);
    const publish: Publish = (rate, seconds) => server.ask({ type: 'publish', rate, seconds }, 'published');
    await step(publish, loads, BASE_RATE, 1); // warm-up
    const steps = [await step(publish, loads, BASE_RATE, BASE_SECONDS)];
    for (const rate of STEP_RATES) {
      if (!steps.at(-1)?.keptUp) break;
      steps.push(await step(publish, loads, rate, STEP_SECONDS));
    }
    return { steps, connectMs, failed };
  } finally {
    await Promise.all(loads.map((load) => load.stop()));
    await server.stop();
  }
}

/** The highest rate that passed `ok`, 0 when none did. */
export const highest = (steps: readonly Step[], ok: (s: Step) => boolean) => steps.filter(ok).reduce((best, s) => Math.max(best, s.rate), 0);

export function fdLimit(): number {
  return Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim());
}

export async function run(): Promise<BenchResult> {
  const load = loadavg()[0] ?? 0;
  const limit = fdLimit();
  process.stdout.write(
    `ws-fanout: ${SUBSCRIBERS} subscribers in ${LOAD_PROCESSES} load processes (fd limit ${limit} per process), one topic; latency = receive time − scheduled send time stamped in the payload; kept up = every update reached every subscriber, no drops, p99 ≤ ${KEEP_UP_P99_MS} ms\n`,
  );
  process.stdout.write(`  payload: a quote-shaped object (QuoteData) stamped with its scheduled send time, the same frame bytes for raw ws and ours; updates leave on a fixed schedule from inside each server process\n`);
  const only = process.env.BENCH_FANOUT_TARGETS?.split(',');
  const selected = TARGETS.filter((t) => only === undefined || only.includes(t.kind));
  for (const target of selected) process.stdout.write(`  ${target.label}: ${target.what}\n`);
  if (limit < SUBSCRIBERS + 100) throw new Error(`fd limit ${limit} is too low for ${SUBSCRIBERS} sockets in the server process; raise it with ulimit -n`);
  const rows: Array<Record<string, string | number>> = [];
  const steps: Partial<Record<FanoutKind, Step[]>> = {};
  for (const target of selected) {
    const measured = await measure(target);
    process.stdout.write(`${target.label}: ${SUBSCRIBERS - measured.failed} subscribers connected in ${Math.round(measured.connectMs)} ms (${measured.failed} failed)\n`);
    steps[target.kind] = measured.steps;
    for (const s of measured.steps) rows.push(row(target.label, s));
  }
  const all = (kind: FanoutKind) => steps[kind] ?? [];
  const keptUp = (kind: FanoutKind) => highest(all(kind), (s) => s.keptUp);
  const base = (kind: FanoutKind) => all(kind)[0];
  const p99 = (kind: FanoutKind) => base(kind)?.p99 ?? Number.NaN;
  // CPU per delivery compared at the highest rate every server kept up with: at low rates, the full server's
  // idle work (market simulation, timers) weighs on few deliveries.
  const common = Math.min(...selected.map((t) => keptUp(t.kind)));
  const cpu = (kind: FanoutKind) => all(kind).find((s) => s.rate === common)?.serverUs ?? Number.NaN;
  return {
    name: `Fan-out of one topic to ${SUBSCRIBERS} WebSocket subscribers: ${BASE_RATE} updates/s for ${BASE_SECONDS} s, then ${STEP_SECONDS} s per rate step`,
    rows,
    summary: {
      [`ours: p50 ms at ${BASE_RATE}/s`]: round(base('ours')?.p50 ?? Number.NaN, 2),
      [`ours: p99 ms at ${BASE_RATE}/s (goal < ${P99_BAR_MS})`]: round(p99('ours'), 2),
      [`ours: highest rate with p99 < ${P99_BAR_MS} ms, updates/s`]: highest(all('ours'), (s) => s.keptUp && s.p99 < P99_BAR_MS),
      'ours: highest rate kept up, updates/s': keptUp('ours'),
      'raw ws: highest rate kept up, updates/s': keptUp('raw'),
      'socket.io: highest rate kept up, updates/s': keptUp('socketio'),
      'throughput ratio ours/raw': round(keptUp('ours') / keptUp('raw'), 3),
      'throughput ratio ours/socket.io': round(keptUp('ours') / keptUp('socketio'), 3),
      [`p99 ratio ours/raw at ${BASE_RATE}/s`]: round(p99('ours') / p99('raw'), 3),
      [`p99 ratio ours/socket.io at ${BASE_RATE}/s`]: round(p99('ours') / p99('socketio'), 3),
      [`server CPU per delivery ratio ours/raw at ${common}/s`]: round(cpu('ours') / cpu('raw'), 3),
      [`server CPU per delivery ratio ours/socket.io at ${common}/s`]: round(cpu('ours') / cpu('socketio'), 3),
      'load average (1 min) before the run': round(load, 2),
      'load average (1 min) after the run': round(loadavg()[0] ?? 0, 2),
      'fd limit per process': limit,
    },
  };
}

export function row(label: string, s: Step): Record<string, string | number> {
  return {
    server: label,
    'updates/s': s.rate,
    published: s.published,
    'delivered %': round((100 * s.received) / Math.max(1, s.expected), 3),
    'deliveries/s': Math.round(s.received / s.seconds),
    'p50 ms': round(s.p50, 2),
    'p99 ms': round(s.p99, 2),
    'max ms': round(s.maxMs, 1),
    dropped: s.dropped,
    'server CPU %': round(s.cpuPercent, 1),
    'server µs/delivery': round(s.serverUs, 2),
    'clients µs/delivery': round(s.clientUs, 2),
    'timer lag ms': round(s.lagMs, 1),
    'kept up': s.keptUp ? 'yes' : 'no',
  };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('ws-fanout', result);
}
