/**
 * A flood of resuming clients: 300 WebSocket subscribes replaying up to the replay limit (10,000 events) of a
 * journal of ~25,000 events at once, while a separate process asks /health every 20 ms. The replays are interleaved
 * a chunk at a time; the goal is /health answering within 100 ms throughout.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { type BenchResult, isMain, percentile, printResult, round, writeResult } from './lib.ts';
import { closedLoop, startTarget, stopTarget } from './load.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 300);
const JOURNAL = Number(process.env.BENCH_JOURNAL ?? 25_000);
const REPLAY = 10_000;

async function seqOf(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/broker/positions`);
  await response.arrayBuffer();
  return Number(response.headers.get('x-account-seq'));
}

export async function run(): Promise<BenchResult> {
  const { port, child } = await startTarget('rest-target', ['trading'], { LIMITS: 'raised' });
  try {
    const built = performance.now();
    while ((await seqOf(port)) < JOURNAL) {
      await closedLoop({ port, path: '/api/v1/broker/orders', connections: 16, seconds: 1, body: (i) => JSON.stringify({ symbol: 'BTCUSD', type: 2, side: i % 2 ? -1 : 1, qty: 0.001 }) });
    }
    const seq = await seqOf(port);
    const buildS = (performance.now() - built) / 1000;

    // The server's event-loop delays from here on: the journal build (snapshots of a growing account) is not the flood.
    child.kill('SIGUSR2');
    let targetOut = '';
    child.stdout?.on('data', (chunk: Buffer) => (targetOut += chunk.toString()));
    const probe = spawn(process.execPath, [resolve(HERE, 'servers', 'health-probe.ts'), String(port), '20'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let probeOut = '';
    probe.stdout.on('data', (chunk: Buffer) => (probeOut += chunk.toString()));
    await new Promise<void>((ok) => probe.stdout.once('data', () => ok()));

    let frames = 0;
    let lastFrameAt = performance.now();
    let confirmed = 0;
    const sockets: WebSocket[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, () => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ws`);
        sockets.push(socket);
        socket.on('message', (data: Buffer) => {
          frames++;
          lastFrameAt = performance.now();
          if (data.includes('subscribe.response')) confirmed++;
        });
        return new Promise<void>((ok, fail) => {
          socket.once('open', () => {
            socket.send(JSON.stringify({ type: 'orders.subscribe', payload: { accountId: 'DEMO-001', sinceSeq: seq - REPLAY } }));
            ok();
          });
          socket.once('error', fail);
        });
      }),
    );
    // Done when every subscription is confirmed and no frame has come for a second (or after two minutes).
    while ((confirmed < CLIENTS || performance.now() - lastFrameAt < 1_000) && performance.now() - started < 120_000) {
      await new Promise((ok) => setTimeout(ok, 100));
    }
    const floodS = (lastFrameAt - started) / 1000;
    probe.stdin.end();
    await new Promise<void>((ok) => probe.once('exit', () => ok()));
    for (const socket of sockets) socket.terminate();
    const { latencies } = JSON.parse(probeOut.split('\n').filter(Boolean).at(-1) ?? '{"latencies":[]}') as { latencies: number[] };
    const max = Math.max(...latencies);
    await stopTarget(child);
    const loop = JSON.parse(/LOOP (\{.*\})/.exec(targetOut)?.[1] ?? '{"maxMs":null,"p99Ms":null}') as { maxMs: number; p99Ms: number };
    return {
      name: `Replay flood: ${CLIENTS} clients resume orders from ${REPLAY.toLocaleString('en-US')} events back on a ${seq.toLocaleString('en-US')}-event journal, /health asked every 20 ms`,
      rows: [
        {
          clients: CLIENTS,
          'journal events': seq,
          'frames delivered': frames,
          'flood s': round(floodS, 1),
          'health probes': latencies.length,
          'health p50 ms': round(percentile(latencies, 50), 2),
          'health p99 ms': round(percentile(latencies, 99), 2),
          'health max ms': round(max, 2),
          'server loop delay p99 ms': round(loop.p99Ms, 2),
          'server loop delay max ms': round(loop.maxMs, 2),
        },
      ],
      summary: { 'journal built in s': round(buildS, 1), 'health max ms (goal < 100)': round(max, 2) },
    };
  } finally {
    await stopTarget(child);
  }
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('replay-flood', result);
}
