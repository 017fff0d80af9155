/** Prometheus metrics at `/metrics`: HTTP traffic, WebSocket load, journal position and broker connections. */
import type { FastifyInstance } from 'fastify';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ConnectionStatus } from '@trading-pro/contracts';
import type { AppContext } from '../context.ts';
import { RouteTraffic } from './route-traffic.ts';

export interface MetricsSources {
  readonly context: AppContext;
  readonly connections: () => number;
  readonly topics: () => number;
}

/** One registry per app instance (the global one would clash when several apps run in one process). */
export function registerMetrics(app: FastifyInstance, sources: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'trading_pro_' });
  const traffic = new RouteTraffic(registry, {
    requests: { name: 'trading_pro_http_requests_total', help: 'HTTP requests by route and status' },
    duration: { name: 'trading_pro_http_request_duration_seconds', help: 'HTTP request duration by route', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] },
  });
  new Gauge({ name: 'trading_pro_ws_connections', help: 'Open WebSocket connections', registers: [registry], collect() { this.set(sources.connections()); } });
  new Gauge({ name: 'trading_pro_ws_topics', help: 'Topics with a running producer', registers: [registry], collect() { this.set(sources.topics()); } });
  new Gauge({
    name: 'trading_pro_journal_seq',
    help: 'Last journal seq per account',
    labelNames: ['account'],
    registers: [registry],
    collect() {
      for (const account of sources.context.accounts.values()) this.set({ account: account.id }, account.seq());
    },
  });
  new Gauge({
    name: 'trading_pro_broker_connected',
    help: '1 when the account’s broker is connected',
    labelNames: ['account', 'broker'],
    registers: [registry],
    collect() {
      for (const account of sources.context.accounts.values()) {
        this.set({ account: account.id, broker: account.brokerKind }, account.connectionStatus().status === ConnectionStatus.Connected ? 1 : 0);
      }
    },
  });

  app.addHook('onResponse', (request, reply, done) => {
    traffic.record(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  const metricsToken = sources.context.config.metrics.token;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    // Per-account counters are account details: in token mode they need a credential (an account token or metrics.token).
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (metricsToken === undefined || presented !== metricsToken) sources.context.auth.authenticate(request);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}
