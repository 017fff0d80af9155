/**
 * The nginx configuration `trading-pro cluster` runs: one public port in front of the server processes, REST and
 * WebSocket, routed by the module layout (as seed 002's backend manager does), with every runtime file (pid, logs,
 * temp paths) under one directory so nginx needs nothing of the system's own setup.
 */
import type { ModuleName } from './cluster-args.ts';

/** One server process as nginx sees it. */
export interface Backend {
  readonly port: number;
  readonly modules: readonly ModuleName[];
}

export interface NginxOptions {
  /** Where nginx listens (the public side). */
  readonly listenHost: string;
  readonly listenPort: number;
  /** The server processes, all on loopback. */
  readonly backends: readonly Backend[];
  /** Holds nginx.pid, logs/ and temp/. */
  readonly runtimeDir: string;
  /** When nginx starts as root its workers need an unprivileged user: `[user, group]`. */
  readonly workerUser?: readonly [string, string];
  readonly workerConnections?: number;
}

const WS_PATH = '/api/v1/ws';

/** `host` as nginx's `listen` wants it (IPv6 literals in brackets). */
function listenAddress(host: string, port: number): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${bracketed}:${port}`;
}

function upstream(name: string, backends: readonly Backend[], policy?: string): string {
  const lines = [`  upstream ${name} {`];
  if (policy !== undefined) lines.push(`    ${policy};`);
  for (const backend of backends) lines.push(`    server 127.0.0.1:${backend.port};`);
  lines.push('    keepalive 32;', '  }');
  return lines.join('\n');
}

const serves = (backend: Backend, module: ModuleName) => backend.modules.includes(module);

/** The upstream groups and locations: one pool when every process serves every module, else pools by module. */
function routing(backends: readonly Backend[]): { upstreams: string[]; maps: string[]; locations: string[] } {
  const everything = backends.filter((b) => serves(b, 'broker') && serves(b, 'datafeed'));
  if (everything.length === backends.length) {
    return {
      upstreams: [upstream('tp_all', backends), upstream('tp_ws', backends, 'least_conn')],
      maps: [],
      locations: [location(WS_PATH, 'http://tp_ws', true), location('/', 'http://tp_all')],
    };
  }
  const broker = backends.filter((b) => serves(b, 'broker'));
  const datafeed = backends.filter((b) => serves(b, 'datafeed'));
  // A socket carries account and market topics alike: by default it goes where both are served (or to the broker
  // processes); `?module=datafeed` or `?module=broker` picks one module's processes.
  const wsDefault = everything.length > 0 ? everything : broker.length > 0 ? broker : datafeed;
  const upstreams = [upstream('tp_all', backends), upstream('tp_ws', wsDefault, 'least_conn')];
  const pools: string[] = [];
  if (broker.length > 0) {
    upstreams.push(upstream('tp_broker', broker), upstream('tp_ws_broker', broker, 'least_conn'));
    pools.push('    broker tp_ws_broker;');
  }
  if (datafeed.length > 0) {
    upstreams.push(upstream('tp_datafeed', datafeed), upstream('tp_ws_datafeed', datafeed, 'least_conn'));
    pools.push('    datafeed tp_ws_datafeed;');
  }
  const locations = [location(WS_PATH, 'http://$tp_ws_pool', true)];
  if (broker.length > 0) locations.push(location('/api/v1/broker', 'http://tp_broker'));
  if (datafeed.length > 0) locations.push(location('/api/v1/datafeed', 'http://tp_datafeed'));
  locations.push(location('/', 'http://tp_all'));
  return { upstreams, maps: ['  map $arg_module $tp_ws_pool {', '    default tp_ws;', ...pools, '  }'], locations };
}

function location(path: string, target: string, exact = false): string {
  return [`    location ${exact ? '= ' : ''}${path} {`, `      proxy_pass ${target};`, '    }'].join('\n');
}

/** The whole nginx.conf. */
export function nginxConfig(options: NginxOptions): string {
  if (options.backends.length === 0) throw new Error('nginx needs at least one server process');
  const dir = options.runtimeDir;
  const { upstreams, maps, locations } = routing(options.backends);
  const lines = [
    '# Written by `trading-pro cluster` at every start; edits are lost.',
    ...(options.workerUser ? [`user ${options.workerUser[0]} ${options.workerUser[1]};`] : []),
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/logs/error.log warn;`,
    '',
    'events {',
    `  worker_connections ${options.workerConnections ?? 16384};`,
    '}',
    '',
    'http {',
    `  access_log ${dir}/logs/access.log;`,
    `  client_body_temp_path ${dir}/temp/client_body;`,
    `  proxy_temp_path ${dir}/temp/proxy;`,
    `  fastcgi_temp_path ${dir}/temp/fastcgi;`,
    `  uwsgi_temp_path ${dir}/temp/uwsgi;`,
    `  scgi_temp_path ${dir}/temp/scgi;`,
    // The server answers oversized bodies itself, in the contract's error shape.
    '  client_max_body_size 1m;',
    '  server_tokens off;',
    '',
    // Upgrade requests pass `Connection: upgrade`; others an empty one, which keeps upstream connections alive.
    '  map $http_upgrade $connection_upgrade {',
    '    default upgrade;',
    "    '' '';",
    '  }',
    ...maps,
    '',
    ...upstreams,
    '',
    '  server {',
    `    listen ${listenAddress(options.listenHost, options.listenPort)};`,
    '    proxy_http_version 1.1;',
    // The servers judge Host, Origin and the client's address from these (their http.trustProxy covers loopback).
    '    proxy_set_header Host $http_host;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '    proxy_set_header X-Forwarded-Proto $scheme;',
    '    proxy_set_header Upgrade $http_upgrade;',
    '    proxy_set_header Connection $connection_upgrade;',
    // WebSockets stay open for as long as their clients want; the server pings idle ones.
    '    proxy_read_timeout 1h;',
    '    proxy_send_timeout 1h;',
    ...locations,
    '  }',
    '}',
    '',
  ];
  return lines.join('\n');
}
