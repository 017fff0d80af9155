/**
 * `trading-pro cluster`: N server processes (`trading-pro serve`, one configuration, each on its own loopback port
 * with its own modules) and nginx in front of them on one public port. Starts the processes, waits until each answers
 * `/health`, starts nginx and waits until it does too, then runs until Ctrl-C/SIGTERM, or until any child dies, and
 * stops them all.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { CLUSTER_USAGE, ClusterUsageError, parseClusterArgs } from './cluster-args.ts';
import { type ClusterPlan, ClusterRefusedError, type PlannedProcess, planCluster } from './cluster-plan.ts';
import { findNginx, NGINX_MISSING } from './nginx-binary.ts';
import { nginxConfig } from './nginx-config.ts';
import { type Exit, SupervisedProcess } from './supervised-process.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface ClusterIo {
  readonly env: Env;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Whether the operator watches a terminal (the servers then log readable lines). */
  readonly tty?: boolean;
}

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../cli.ts');
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** The status of `GET http://host:port/api/v1/health`, or undefined when nothing answers. */
function healthStatus(host: string, port: number): Promise<number | undefined> {
  return new Promise((done) => {
    const req = request({ host, port, path: '/api/v1/health', agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.once('end', () => done(res.statusCode));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => done(undefined));
    req.end();
  });
}

/** A server is up when its /health answers 200; nginx when it passes a request through to one (any answer but a 5xx). */
const serverUp = (status: number | undefined) => status === 200;
const proxyUp = (status: number | undefined) => status !== undefined && status < 500;

/** Polls until `up`; gives up when `gone` settles first or the time runs out. */
async function waitHealthy(host: string, port: number, up: (status: number | undefined) => boolean, gone: Promise<unknown>): Promise<'ready' | 'gone' | 'timeout'> {
  let ended = false;
  void gone.then(() => (ended = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!ended) {
    if (up(await healthStatus(host, port))) return 'ready';
    if (Date.now() > deadline) return 'timeout';
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'gone';
}

/** Where to reach nginx from this host: its listen address, or loopback when it listens on every address. */
function probeHost(listenHost: string): string {
  if (listenHost === '0.0.0.0') return '127.0.0.1';
  if (listenHost === '::' || listenHost === '[::]') return '::1';
  return listenHost.replace(/^\[(.*)\]$/, '$1');
}

/** Whether something already listens on host:port (checked before starting, for a clear message). */
function inUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** The ports of the plan that are taken, described; undefined when all are free. */
async function takenPorts(plan: ClusterPlan): Promise<string | undefined> {
  const wanted = [{ host: plan.publicHost, port: plan.publicPort }, ...plan.processes.map((p) => ({ host: '127.0.0.1', port: p.port }))];
  const taken = [];
  for (const { host, port } of wanted) if (await inUse(host, port)) taken.push(port);
  if (taken.length === 0) return undefined;
  const range = `${plan.publicPort}-${plan.publicPort + plan.processes.length}`;
  return `port${taken.length === 1 ? '' : 's'} ${taken.join(', ')} already in use: the cluster needs ${range}; choose another --port`;
}

/** The runtime directory: nginx.conf, nginx.pid, logs/, temp/. */
function runtimeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trading-pro-cluster-'));
  mkdirSync(join(dir, 'logs'));
  mkdirSync(join(dir, 'temp'));
  return dir;
}

/** As root, nginx hands its workers to an unprivileged user, which must reach the temp paths. */
function workerUser(dir: string): readonly [string, string] | undefined {
  if (process.getuid?.() !== 0) return undefined;
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'temp'), 0o755);
  let groups = '';
  try {
    groups = readFileSync('/etc/group', 'utf8');
  } catch {
    // no group database to read: assume the BSD name
  }
  return ['nobody', /^nogroup:/m.test(groups) ? 'nogroup' : 'nobody'];
}

function describe(planned: PlannedProcess, pid: number | undefined): string {
  return `process ${planned.index} (pid ${pid ?? '?'}, http://127.0.0.1:${planned.port}, ${planned.modules.join('+')})`;
}

class Cluster {
  readonly servers: SupervisedProcess[] = [];
  nginx: SupervisedProcess | undefined;
  readonly plan: ClusterPlan;
  readonly dir: string;
  readonly io: ClusterIo;
  #stopping = false;
  readonly #failure: { resolve: (reason: string) => void; promise: Promise<string> };

  constructor(plan: ClusterPlan, dir: string, io: ClusterIo) {
    this.plan = plan;
    this.dir = dir;
    this.io = io;
    let resolveFailure: (reason: string) => void = () => undefined;
    const promise = new Promise<string>((r) => (resolveFailure = r));
    this.#failure = { resolve: resolveFailure, promise };
  }

  /** The first child to die unexpectedly, described. */
  get failed(): Promise<string> {
    return this.#failure.promise;
  }

  #watch(child: SupervisedProcess, label: () => string): void {
    void child.exited.then((exit: Exit) => {
      if (!this.#stopping) this.#failure.resolve(`${label()} ${child.describeExit(exit)}`);
    });
  }

  startServers(configPath: string | undefined): void {
    for (const planned of this.plan.processes) {
      const env: NodeJS.ProcessEnv = {
        ...this.io.env,
        HOST: '127.0.0.1',
        PORT: String(planned.port),
        ENABLED_MODULES: planned.modules.join(','),
        LOG_FORMAT: this.io.env.LOG_FORMAT ?? (this.io.tty === true ? 'pretty' : 'json'),
      };
      delete env.TRADING_PRO_CONFIG;
      const args = [CLI, 'serve', ...(configPath === undefined ? [] : ['--config', configPath])];
      const child = new SupervisedProcess(`p${planned.index}`, process.execPath, args, { env, out: this.io.out, err: this.io.err });
      this.servers.push(child);
      this.#watch(child, () => describe(planned, child.pid));
    }
  }

  startNginx(binary: string): void {
    const conf = join(this.dir, 'nginx.conf');
    const user = workerUser(this.dir);
    writeFileSync(conf, nginxConfig({ listenHost: this.plan.publicHost, listenPort: this.plan.publicPort, backends: this.plan.processes, runtimeDir: this.dir, ...(user ? { workerUser: user } : {}) }));
    // -e stderr: nginx's messages before it reads the configuration (a port in use) reach the terminal, not the
    // system's log directory; after that they go to logs/error.log in the runtime directory.
    const args = ['-p', this.dir, '-c', conf, '-e', 'stderr', '-g', 'daemon off;'];
    this.nginx = new SupervisedProcess('nginx', binary, args, { env: { ...this.io.env }, out: this.io.out, err: this.io.err });
    this.#watch(this.nginx, () => `nginx (pid ${this.nginx?.pid ?? '?'}, port ${this.plan.publicPort})`);
  }

  /** nginx first (no new requests), then every server; SIGKILL for any still running after the grace time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.nginx?.stop('SIGTERM', STOP_GRACE_MS);
    await Promise.all(this.servers.map((server) => server.stop('SIGTERM', STOP_GRACE_MS)));
  }
}

/** Waits for every process to answer; undefined when all did, else why not. */
async function waitReady(cluster: Cluster): Promise<string | undefined> {
  const waits = cluster.plan.processes.map(async (planned, i) => {
    const server = cluster.servers[i] as SupervisedProcess;
    const state = await waitHealthy('127.0.0.1', planned.port, serverUp, Promise.race([server.exited, cluster.failed]));
    return state === 'timeout' ? `${describe(planned, server.pid)} did not answer /health within ${READY_TIMEOUT_MS / 1000} s` : undefined;
  });
  const reasons = await Promise.race([Promise.all(waits), cluster.failed.then((reason) => [reason])]);
  return reasons.find((reason) => reason !== undefined);
}

function signalled(): { promise: Promise<string>; dispose: () => void } {
  let dispose = () => undefined as void;
  const promise = new Promise<string>((resolve) => {
    const on = (signal: string) => () => resolve(signal);
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    dispose = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
  });
  return { promise, dispose };
}

/** Runs the command; resolves with the exit code. */
export async function runCluster(argv: readonly string[], io: ClusterIo): Promise<number> {
  let plan: ClusterPlan;
  let configPath: string | undefined;
  try {
    const args = parseClusterArgs(argv);
    if (args.help) {
      io.out(CLUSTER_USAGE);
      return 0;
    }
    configPath = args.config ?? (io.env.TRADING_PRO_CONFIG || undefined);
    if (configPath !== undefined) configPath = resolve(configPath);
    // The public side reads HOST; PORT is --port, so a PORT in the environment is not the cluster's.
    const config = loadConfig(configPath === undefined ? [] : ['--config', configPath], { ...io.env, PORT: undefined, ENABLED_MODULES: undefined, TRADING_PRO_CONFIG: undefined });
    plan = planCluster(args, config);
  } catch (error) {
    if (error instanceof ClusterUsageError) {
      io.err(`${error.message}\n${CLUSTER_USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof ClusterRefusedError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  const nginx = findNginx(io.env);
  if (nginx === undefined) {
    io.err(io.env.NGINX ? `NGINX=${io.env.NGINX} is not an executable file. ${NGINX_MISSING}` : NGINX_MISSING);
    return 1;
  }

  const taken = await takenPorts(plan);
  if (taken !== undefined) {
    io.err(taken);
    return 1;
  }
  const dir = runtimeDir();
  const cluster = new Cluster(plan, dir, io);
  const signal = signalled();
  try {
    cluster.startServers(configPath);
    const notReady = await Promise.race([waitReady(cluster), signal.promise.then((s) => `${s} before the cluster was ready`)]);
    if (notReady === undefined) {
      cluster.startNginx(nginx);
      const front = await Promise.race([waitHealthy(probeHost(plan.publicHost), plan.publicPort, proxyUp, cluster.failed), signal.promise.then(() => 'gone' as const)]);
      if (front === 'ready') {
        announce(cluster, io);
        const ended = await Promise.race([signal.promise.then((s) => ({ signal: s })), cluster.failed.then((reason) => ({ reason }))]);
        if ('signal' in ended) {
          io.out(`${ended.signal}: stopping nginx and ${plan.processes.length} server process${plan.processes.length === 1 ? '' : 'es'}`);
          await cluster.stop();
          rmSync(dir, { recursive: true, force: true });
          io.out('cluster stopped');
          return 0;
        }
        return await fail(cluster, ended.reason, io);
      }
      const reason = await Promise.race([cluster.failed, Promise.resolve(front === 'timeout' ? `nginx did not answer on port ${plan.publicPort} within ${READY_TIMEOUT_MS / 1000} s` : 'stopped before nginx was ready')]);
      return await fail(cluster, reason, io);
    }
    return await fail(cluster, notReady, io);
  } finally {
    signal.dispose();
  }
}

async function fail(cluster: Cluster, reason: string, io: ClusterIo): Promise<number> {
  io.err(`cluster stopping: ${reason}`);
  await cluster.stop();
  io.err(`all processes stopped; nginx's configuration and logs are in ${cluster.dir}`);
  return 1;
}

function announce(cluster: Cluster, io: ClusterIo): void {
  const { plan } = cluster;
  const host = plan.publicHost.includes(':') ? `[${plan.publicHost}]` : plan.publicHost;
  const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${plan.publicPort}`;
  // One write, so a reader that sees the first line sees the process list too.
  io.out(
    [
      `Trading Pro cluster is ready at ${url}/ (API ${url}/api/v1): nginx (pid ${cluster.nginx?.pid ?? '?'}) in front of ${plan.processes.length} process${plan.processes.length === 1 ? '' : 'es'}`,
      ...plan.processes.map((planned, i) => `  ${describe(planned, cluster.servers[i]?.pid)}`),
      `  nginx configuration and logs: ${cluster.dir}; Ctrl-C stops them all`,
    ].join('\n'),
  );
}
