/**
 * Asks `GET /api/v1/health` every INTERVAL ms, one request at a time on a keep-alive connection, in its own process
 * (so the load generator's work does not distort it), until its stdin closes; then prints the latencies as JSON.
 */
import { Agent, request } from 'node:http';

const port = Number(process.argv[2]);
const intervalMs = Number(process.argv[3] ?? 20);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const latencies: number[] = [];
let stopping = false;

function probe(): Promise<void> {
  return new Promise((done) => {
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/api/v1/health', agent }, (res) => {
      res.resume();
      res.once('end', () => {
        latencies.push(performance.now() - t0);
        done();
      });
    });
    req.once('error', () => {
      latencies.push(Number.POSITIVE_INFINITY);
      done();
    });
    req.end();
  });
}

process.stdin.resume();
process.stdin.once('end', () => (stopping = true));
process.stdout.write('PROBING\n');
while (!stopping) {
  const started = performance.now();
  await probe();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (performance.now() - started))));
}
agent.destroy();
process.stdout.write(`${JSON.stringify({ latencies })}\n`);
