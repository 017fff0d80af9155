/**
 * What `trading-pro cluster` will run, decided before anything starts: each process's port and modules, where nginx
 * listens, and the refusals of a configuration the processes could not share (several broker processes need the
 * PostgreSQL store and the NATS bus; nginx must be a trusted proxy; `auth: none` stays on loopback).
 */
import { isLoopback } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { OriginGuard } from '../http/origin-guard.ts';
import type { ClusterArgs } from './cluster-args.ts';
import type { Backend } from './nginx-config.ts';

/** A configuration the cluster cannot run, with what to change (exit code 1). */
export class ClusterRefusedError extends Error {
  override readonly name = 'ClusterRefusedError';
}

export interface PlannedProcess extends Backend {
  /** 1-based; the process listens on the public port + index. */
  readonly index: number;
}

export interface ClusterPlan {
  readonly publicHost: string;
  readonly publicPort: number;
  readonly processes: readonly PlannedProcess[];
}

/** The configuration keys several broker processes need, as one line of YAML. */
export const SHARED_DRIVERS_YAML = 'storage: {driver: postgres, url: "${DATABASE_URL:postgres://postgres@127.0.0.1:5432/trading_pro}"} and bus: {driver: nats, servers: "${NATS_URL:nats://127.0.0.1:4222}"}';

export function planCluster(args: ClusterArgs, config: Config): ClusterPlan {
  const layout = args.layout ?? [{ modules: config.server.modules, count: args.processes }];
  const modules = layout.flatMap((group) => Array.from({ length: group.count }, () => group.modules));
  const processes = modules.map((m, i) => ({ index: i + 1, port: args.port + i + 1, modules: m }));
  const brokers = processes.filter((p) => p.modules.includes('broker')).length;
  if (brokers > 1 && (config.storage.driver !== 'postgres' || config.bus.driver !== 'nats')) {
    const using = `storage.driver ${config.storage.driver}, bus.driver ${config.bus.driver}`;
    throw new ClusterRefusedError(
      `a cluster of ${brokers} broker processes needs a shared store and bus (this configuration has ${using}): put ${SHARED_DRIVERS_YAML} in the --config file (docs/deployment.md), or run --processes 1`,
    );
  }
  const publicHost = config.server.host;
  if (config.auth.mode === 'none' && !isLoopback(publicHost)) {
    throw new ClusterRefusedError(`auth.mode "none" is allowed only on a loopback host, and nginx would listen on ${publicHost}: configure tokens (docs/security.md) or listen on 127.0.0.1`);
  }
  if (!new OriginGuard(config.http).trusts('127.0.0.1')) {
    throw new ClusterRefusedError(
      `http.trustProxy (${config.http.trustProxy.join(', ') || 'empty'}) does not trust 127.0.0.1, where nginx connects from: add "loopback" so the servers see each client's address and scheme`,
    );
  }
  return { publicHost, publicPort: args.port, processes };
}
