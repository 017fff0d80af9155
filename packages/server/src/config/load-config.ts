/**
 * Loads the configuration: built-in defaults, then an optional YAML file (`TRADING_PRO_CONFIG` or
 * `--config`) with `${NAME}` / `${NAME:default}` taken from the environment, then HOST/PORT/DATA_DIR/
 * ENABLED_MODULES/LOG_LEVEL. An invalid file throws a ConfigError whose message names the key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Compile } from 'typebox/compile';
import { parse as parseYaml } from 'yaml';
import { describeErrors } from './config-errors.ts';
import { type Config, ConfigSchema } from './schema.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const validator = Compile(ConfigSchema);

export function defaultConfig(env: Env = process.env): Config {
  const dataDir = env.DATA_DIR ?? './data';
  return {
    server: { host: '127.0.0.1', port: 8000, modules: ['broker', 'datafeed'], logLevel: 'info', web: true },
    storage: { driver: 'sqlite', path: join(dataDir, 'trading-pro.db'), sync: 'normal' },
    bus: { driver: 'inprocess' },
    accounts: [{ id: 'DEMO-001', name: 'Demo', broker: 'paper', currency: 'USD', initialBalance: 100_000 }],
    auth: { mode: 'none', tokens: [] },
    market: { source: 'simulated', seed: 42, intervalMs: 250 },
    brokers: { paper: { latencyMs: 0, slippage: { model: 'none' }, commission: { rate: 0, min: 0 }, seed: 42 } },
    http: { hosts: [], allowedOrigins: [], trustProxy: ['loopback'] },
    metrics: {},
    limits: {
      enabled: true,
      rest: { perSecond: 500, burst: 1_000 },
      ws: { perClient: 256, total: 10_000, subscribesPerSecond: 100, replayLimit: 10_000 },
      headerTimeoutMs: 30_000,
    },
  };
}

/** Replaces `${NAME}` and `${NAME:default}` in every string of a parsed document. */
export function interpolate(value: unknown, env: Env, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`config error at ${path || '(root)'}: environment variable ${name} is not set and has no default`);
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, path ? `${path}.${k}` : k)]));
  }
  return value;
}

/** YAML scalars like `port: ${PORT:8000}` arrive as strings after interpolation; turn numeric/boolean strings back. */
function coerceScalars(value: unknown): unknown {
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    if (value === 'true' || value === 'false') return value === 'true';
    return value;
  }
  if (Array.isArray(value)) return value.map(coerceScalars);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerceScalars(v)]));
  return value;
}

const STRING_KEYS = new Set(['token', 'apiKey', 'keyId', 'marketSource', 'secret', 'secretKey', 'password', 'passphrase', 'id', 'name', 'accountId', 'url', 'path', 'host', 'schema', 'servers', 'prefix', 'dir', 'bundle']);

/** Like coerceScalars but keeps strings under keys that are strings by nature (a numeric token stays a token). */
function coerceDocument(value: unknown, key = ''): unknown {
  if (STRING_KEYS.has(key)) return value;
  if (Array.isArray(value)) return value.map((v) => coerceDocument(v, ''));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerceDocument(v, k)]));
  return coerceScalars(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
/** Part of a configuration, merged key by key over another (tests, benchmarks). */
export type ConfigPatch = DeepPartial<Config>;

/** `base` with `patch` merged over it (objects key by key, arrays replaced whole); not validated. */
export function patchConfig(base: Config, patch: ConfigPatch): Config {
  return merge(base, patch) as Config;
}

/** Deep merge where the file wins; arrays are replaced whole. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  // Another driver (storage, bus) brings its own keys: the default's are not merged into it.
  if (typeof over.driver === 'string' && over.driver !== base.driver) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

export function parseConfig(yamlText: string, env: Env = process.env, source = 'config'): Config {
  let document: unknown;
  try {
    document = parseYaml(yamlText) ?? {};
  } catch (error) {
    throw new ConfigError(`config error in ${source}: not valid YAML: ${(error as Error).message}`);
  }
  if (!isPlainObject(document)) throw new ConfigError(`config error in ${source}: the document must be a mapping`);
  const interpolated = coerceDocument(interpolate(document, env));
  const defaults = defaultConfig(env);
  // A file that names its own accounts replaces the demo account; its brokers add to the defaults.
  const merged = merge(defaults, interpolated);
  return applyEnv(validate(merged, source), env);
}

export function validate(candidate: unknown, source = 'config'): Config {
  if (validator.Check(candidate)) {
    const config = candidate;
    checkReferences(config, source);
    return config;
  }
  const { key, message } = describeErrors(ConfigSchema, [...validator.Errors(candidate)]);
  throw new ConfigError(`config error in ${source} at ${key}: ${message}`);
}

function checkReferences(config: Config, source: string): void {
  const ids = new Set<string>();
  config.accounts.forEach((account, i) => {
    if (ids.has(account.id)) throw new ConfigError(`config error in ${source} at accounts[${i}].id: duplicate account id ${account.id}`);
    ids.add(account.id);
  });
  config.auth.tokens.forEach((entry, i) => {
    if (!ids.has(entry.accountId)) throw new ConfigError(`config error in ${source} at auth.tokens[${i}].accountId: unknown account ${entry.accountId}`);
  });
  const sources = new Set(['default', ...Object.keys(config.market.sources ?? {})]);
  config.accounts.forEach((account, i) => {
    if (account.marketSource !== undefined && !sources.has(account.marketSource)) {
      throw new ConfigError(`config error in ${source} at accounts[${i}].marketSource: unknown market source ${account.marketSource}; known: ${[...sources].join(', ')}`);
    }
  });
  if (config.auth.mode === 'token' && config.auth.tokens.length === 0) {
    throw new ConfigError(`config error in ${source} at auth.tokens: token mode needs at least one token`);
  }
}

function applyEnv(config: Config, env: Env): Config {
  const server = { ...config.server };
  if (env.HOST) server.host = env.HOST;
  if (env.PORT) {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`config error in environment at PORT: not a port: ${env.PORT}`);
    server.port = port;
  }
  if (env.ENABLED_MODULES) {
    const modules = env.ENABLED_MODULES.split(',').map((m) => m.trim()).filter(Boolean);
    for (const m of modules) if (m !== 'broker' && m !== 'datafeed') throw new ConfigError(`config error in environment at ENABLED_MODULES: unknown module ${m}`);
    server.modules = modules as Config['server']['modules'];
  }
  if (env.LOG_LEVEL) server.logLevel = env.LOG_LEVEL as Config['server']['logLevel'];
  return validate({ ...config, server }, 'environment');
}

/** The configuration in force: the file named by `--config`/TRADING_PRO_CONFIG, or the defaults. */
export function loadConfig(argv: readonly string[] = process.argv, env: Env = process.env): Config {
  const flag = argv.indexOf('--config');
  const path = flag >= 0 ? argv[flag + 1] : env.TRADING_PRO_CONFIG;
  if (path === undefined || path === '') return applyEnv(defaultConfig(env), env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config error: cannot read ${path}: ${(error as Error).message}`);
  }
  return parseConfig(text, env, path);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
