import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RouteTraffic } from './route-traffic.ts';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OBSERVED: [string, string, number, number][] = [
  ['GET', '/api/v1/broker/orders', 200, 0.0004],
  ['POST', '/api/v1/broker/orders', 200, 0.001],
  ['POST', '/api/v1/broker/orders', 422, 0.02],
  ['POST', '/api/v1/broker/orders', 200, 3],
  ['GET', '/api/v1/broker/orders', 200, 0.5],
  ['GET', 'unmatched', 404, 0.0001],
];

describe('route traffic', () => {
  it('exposes the series a prom-client Counter and Histogram would for the same requests', async () => {
    const reference = new Registry();
    const requests = new Counter({ name: 'requests_total', help: 'requests', labelNames: ['method', 'route', 'status'], registers: [reference] });
    const duration = new Histogram({ name: 'duration_seconds', help: 'duration', labelNames: ['method', 'route'], buckets: BUCKETS, registers: [reference] });
    const registry = new Registry();
    const traffic = new RouteTraffic(registry, { requests: { name: 'requests_total', help: 'requests' }, duration: { name: 'duration_seconds', help: 'duration', buckets: BUCKETS } });
    for (const [method, route, status, seconds] of OBSERVED) {
      requests.labels(method, route, String(status)).inc();
      duration.labels(method, route).observe(seconds);
      traffic.record(method, route, status, seconds);
    }
    const lines = async (of: Registry) => (await of.metrics()).split('\n').sort();
    expect(await lines(registry)).toEqual(await lines(reference));
    expect(await registry.metrics()).toContain('duration_seconds_bucket{le="0.01",method="POST",route="/api/v1/broker/orders"} 1');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('route=');
  });
});
