/**
 * Parses `trading-pro cluster` arguments: how many server processes, which modules each serves (the layout), the
 * public port nginx listens on (the processes take the ports after it) and the configuration file they share.
 */
import { parseArgs } from 'node:util';

export type ModuleName = 'broker' | 'datafeed';

export const CLUSTER_USAGE = `usage: trading-pro cluster --processes N --port P [--config file.yaml] [--layout spec]

  --processes <N>     server processes, each serving the configured modules (default 2)
  --port <P>          nginx listens on P (HOST, default 127.0.0.1); process i listens on 127.0.0.1:P+i
  --config <file>     the configuration every process runs with (or TRADING_PRO_CONFIG)
  --layout <spec>     modules per process instead of --processes, e.g. broker+datafeed:2,datafeed:1
                      (two processes serving both modules, one serving market data only)
  NGINX=<path>        the nginx binary to run (default: nginx on PATH, then /usr/sbin/nginx)`;

/** A mistake in the command line (exit code 2). */
export class ClusterUsageError extends Error {
  override readonly name = 'ClusterUsageError';
}

/** One group of the layout: `count` processes serving `modules`. */
export interface LayoutGroup {
  readonly modules: readonly ModuleName[];
  readonly count: number;
}

export interface ClusterArgs {
  /** Processes in total. */
  readonly processes: number;
  readonly port: number;
  readonly config?: string;
  /** Absent: every process serves the configured `server.modules`. */
  readonly layout?: readonly LayoutGroup[];
  readonly help: boolean;
}

const MAX_PROCESSES = 64;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) throw new ClusterUsageError(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return value;
}

/** `broker+datafeed:2,datafeed` → two processes with both modules, one with the datafeed only. */
export function parseLayout(spec: string): LayoutGroup[] {
  const groups = spec.split(',').map((part) => part.trim());
  if (groups.some((part) => part === '')) throw new ClusterUsageError(`--layout has an empty group: ${JSON.stringify(spec)}`);
  return groups.map((group) => {
    const [names = '', countText, extra] = group.split(':');
    if (extra !== undefined) throw new ClusterUsageError(`--layout group ${JSON.stringify(group)}: write modules:count, e.g. broker+datafeed:2`);
    const modules = names.split('+').map((name) => name.trim());
    for (const name of modules) {
      if (name !== 'broker' && name !== 'datafeed') throw new ClusterUsageError(`--layout group ${JSON.stringify(group)}: unknown module ${JSON.stringify(name)}; known: broker, datafeed`);
    }
    if (new Set(modules).size !== modules.length) throw new ClusterUsageError(`--layout group ${JSON.stringify(group)} names a module twice`);
    const count = countText === undefined ? 1 : integer('layout count', countText, 1, MAX_PROCESSES);
    return { modules: modules as ModuleName[], count };
  });
}

export function parseClusterArgs(argv: readonly string[]): ClusterArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { processes: { type: 'string' }, port: { type: 'string' }, config: { type: 'string' }, layout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ClusterUsageError((error as Error).message);
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (values.help === true) return { processes: 0, port: 0, help: true };
  const portText = text('port');
  if (portText === undefined) throw new ClusterUsageError('--port is required: the port nginx listens on (the processes take the next ones)');
  const layoutText = text('layout');
  const layout = layoutText === undefined ? undefined : parseLayout(layoutText);
  const fromLayout = layout?.reduce((sum, group) => sum + group.count, 0);
  const processesText = text('processes');
  const processes = processesText === undefined ? (fromLayout ?? 2) : integer('processes', processesText, 1, MAX_PROCESSES);
  if (fromLayout !== undefined && fromLayout !== processes) throw new ClusterUsageError(`--processes ${processes} does not match --layout, which has ${fromLayout}`);
  if (processes > MAX_PROCESSES) throw new ClusterUsageError(`--layout has ${processes} processes; at most ${MAX_PROCESSES}`);
  const port = integer('port', portText, 1, 65535 - processes);
  const config = text('config');
  return { processes, port, help: false, ...(config === undefined ? {} : { config }), ...(layout === undefined ? {} : { layout }) };
}
