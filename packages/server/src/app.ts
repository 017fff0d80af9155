/**
 * The application factory: configuration in, a ready Fastify instance out, with the enabled modules,
 * accounts restored from the journal and their brokers connected.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { AccountCore, type Broker, type BrokerContext, type BrokerRegistry, defaultBrokerRegistry, paperFactory } from '@trading-pro/brokers';
import { ALL_SCHEMAS, ErrorCode, TradingError } from '@trading-pro/contracts';
import { DatafeedService } from '@trading-pro/engine';
import { LocalAccount } from './accounts/local-account.ts';
import { type Bus, InProcessBus, accountSubject } from './bus/bus.ts';
import { openBus } from './bus/open-bus.ts';
import { ConfigError, isLoopback } from './config/load-config.ts';
import { didYouMean } from './config/did-you-mean.ts';
import type { AccountConfig, Config } from './config/schema.ts';
import type { ClusteredAccount } from './cluster/clustered-account.ts';
import { type Cluster, isLeaseStore, startCluster } from './cluster/start-cluster.ts';
import type { AppContext } from './context.ts';
import { Authenticator } from './http/auth.ts';
import { registerEdge, restRateLimit } from './http/edge.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './http/errors.ts';
import { type LogFormat, loggerOptions } from './http/logger-options.ts';
import { apiDocs } from './http/api-docs.ts';
import { registerMetrics } from './http/metrics.ts';
import { OriginGuard } from './http/origin-guard.ts';
import { systemRoutes } from './http/system-routes.ts';
import { validatorCompiler } from './http/validation.ts';
import { tradingViewRoutes } from './http/tradingview-routes.ts';
import { webRoutes } from './http/web-routes.ts';
import { openStore, type ServerAccountStore } from './store/open-store.ts';
import { SqliteAccountStore } from './store/sqlite-account-store.ts';
import { createMarket, createMarkets, type Market } from './market.ts';
import type { MarketSupervisorOptions } from './market-supervisor.ts';
import { brokerRoutes } from './modules/broker/routes.ts';
import { marketProducers } from './modules/datafeed/producers.ts';
import { datafeedRoutes } from './modules/datafeed/routes.ts';
import { UDF_SCHEMAS } from './modules/datafeed/udf-schemas.ts';
import { Gateway, type GatewayOptions } from './ws/gateway.ts';
import { buildAsyncApi } from './specs/asyncapi.ts';
import { finishOpenApi, openapiInfo } from './specs/openapi-info.ts';
import { VERSION } from './version.ts';

export interface BuildOptions {
  readonly config: Config;
  /** Defaults to the configured storage. */
  readonly store?: ServerAccountStore;
  readonly bus?: Bus;
  /** Defaults to the configured market source. */
  readonly market?: Market;
  /** Broker factories by kind; defaults to every built-in venue. */
  readonly registry?: BrokerRegistry;
  /** False builds the routes only (for emitting specs): no storage, no brokers, no market. */
  readonly start?: boolean;
  readonly now?: () => number;
  readonly logger?: boolean;
  /** JSON lines (the default) or pino-pretty's readable lines. */
  readonly logFormat?: LogFormat;
  readonly gateway?: GatewayOptions;
  /** Backoff and timers of the market sources' start retries (tests pass a fake clock). */
  readonly marketRetry?: MarketSupervisorOptions;
}

export interface App {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  readonly gateway: Gateway;
}

export async function buildApp(options: BuildOptions): Promise<App> {
  const { config } = options;
  const start = options.start ?? true;
  const now = options.now ?? Date.now;
  if (config.auth.mode === 'none' && !isLoopback(config.server.host)) {
    throw new ConfigError(`config error at auth.mode: "none" is allowed only on a loopback host, not ${config.server.host}; configure tokens`);
  }
  // A process without the broker module opens no journal and starts no account or broker.
  const brokerModule = config.server.modules.includes('broker');
  const processId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const guard = new OriginGuard(config.http);
  const registry = brokerModule ? options.registry : undefined;
  const market = options.market ?? (await createMarket(config));
  const markets = await createMarkets(config, market, { live: start, startMain: options.market === undefined, ...(options.marketRetry ? { retry: options.marketRetry } : {}) });
  const opened: { store?: ServerAccountStore; bus?: Bus } = {};
  const closeOpened = async () => {
    await markets.stop();
    await opened.store?.close();
    await opened.bus?.close();
  };
  try {
    opened.bus = options.bus ?? (start ? await openBus(config.bus, processId) : new InProcessBus());
    if (brokerModule) opened.store = options.store ?? (start ? await openStore(config.storage) : new SqliteAccountStore(':memory:'));
  } catch (error) {
    await closeOpened();
    throw error;
  }
  const bus = opened.bus;
  const store = opened.store;
  const brokers = store === undefined ? undefined : (registry ?? defaultBrokerRegistry(market));
  if (brokers !== undefined && !brokers.has('paper')) brokers.register('paper', paperFactory(market));
  const unknown = brokers === undefined ? -1 : config.accounts.findIndex((account) => !brokers.has(account.broker));
  if (brokers !== undefined && unknown >= 0) {
    await closeOpened();
    const kind = config.accounts[unknown]?.broker ?? '';
    throw new ConfigError(`config error at accounts[${unknown}].broker: unknown broker "${kind}"${didYouMean(kind, brokers.kinds())}; known: ${brokers.kinds().join(', ')}`);
  }
  const accounts = new Map<string, LocalAccount | ClusteredAccount>();
  const context: AppContext = {
    config,
    store,
    bus,
    auth: new Authenticator(config),
    guard,
    accounts,
    market,
    canonicalSymbol: (symbol) => {
      for (const source of markets.byName.values()) {
        const catalog = source.instruments();
        const found = catalog.get(symbol) ?? catalog.get(symbol.toUpperCase());
        if (found !== undefined) return found.symbol;
      }
      return symbol;
    },
    startedAt: now(),
    now,
    processId,
    storageHealth: () => store?.health() ?? { status: 'ok' },
    marketHealth: () => markets.health(),
  };

  const headerTimeoutMs = config.limits.headerTimeoutMs;
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config.server.logLevel, options.logFormat ?? 'json'),
    bodyLimit: 64 * 1024,
    // X-Forwarded-* only from the configured proxies (loopback by default).
    trustProxy: (address: string) => guard.trusts(address),
    // Ids are limited by their schemas (128 code points); the router's own limit sits above so they get a 400 in the contract's shape.
    routerOptions: { maxParamLength: 512 },
    frameworkErrors,
    clientErrorHandler,
    // Sockets that never complete a request head are closed; the check runs often enough to honour short timeouts.
    http: { headersTimeout: headerTimeoutMs, requestTimeout: Math.max(headerTimeoutMs, 60_000), connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(headerTimeoutMs / 4))) },
    // Per-request logs only when debugging: a trading server's hot path stays quiet.
    logController: new LogController({ disableRequestLogging: config.server.logLevel !== 'debug' && config.server.logLevel !== 'trace' }),
  });
  // JSON only: a text/plain body (what a form or a no-cors fetch can send) is 415, not a string to validate.
  markets.useLog(app.log);
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler());
  for (const schema of [...ALL_SCHEMAS, ...UDF_SCHEMAS]) app.addSchema(schema as unknown as { $id: string });
  registerErrorHandling(app);
  registerEdge(app, { guard });
  const datafeed = config.server.modules.includes('datafeed') ? new DatafeedService(markets.combined) : undefined;
  const canonicalSymbol = (symbol: string): string | undefined => datafeed?.find(symbol)?.symbol;
  const gateway = new Gateway(context, {
    ...(datafeed ? { marketProducers: marketProducers(datafeed), canonicalSymbol } : {}),
    // Topics only for symbols that exist, so a client cannot create them without bound.
    knownSymbol: (symbol) => markets.combined.instruments().get(symbol) !== undefined,
    ...options.gateway,
  });
  registerMetrics(app, { context, connections: () => gateway.connectionCount(), topics: () => gateway.activeTopics().size });
  await app.register(swagger, {
    openapi: openapiInfo(VERSION),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transformObject: (document) => finishOpenApi('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  });

  const documents = { openapi: () => app.swagger(), asyncapi: () => buildAsyncApi(VERSION) };
  await app.register(apiDocs, { asyncapi: documents.asyncapi });
  await app.register(
    async (api) => {
      await api.register(systemRoutes, { context, documents });
      // Every /broker and /datafeed route is rate limited (health and the documents are not).
      await api.register(async (limited) => {
        const rateLimit = restRateLimit(context);
        if (rateLimit) limited.addHook('onRequest', rateLimit);
        if (brokerModule) await limited.register(brokerRoutes, { context });
        if (datafeed) await limited.register(datafeedRoutes, { context, datafeed });
      });
    },
    { prefix: '/api/v1' },
  );
  if (config.server.web) {
    await app.register(webRoutes);
    await app.register(tradingViewRoutes, { ...config.server.tradingview });
  }

  /** An account's core, broker and handle, built but not started (a bad broker option is a config error here). */
  const buildAccount = async (account: AccountConfig, journal: ServerAccountStore, registry: BrokerRegistry): Promise<{ local: LocalAccount; broker: Broker }> => {
    const subject = accountSubject(account.id);
    const core = new AccountCore({
      accountId: account.id,
      name: account.name,
      currency: account.currency,
      store: journal,
      publish: (records) => {
        for (const record of records) bus.publish(subject, record);
      },
      now,
      ...(account.risk === undefined ? {} : { risk: account.risk }),
      ...(config.storage.snapshotEvery === undefined ? {} : { snapshotEvery: config.storage.snapshotEvery }),
      log: app.log,
    });
    const brokerContext = {
      accountId: account.id,
      accountName: account.name,
      currency: account.currency,
      initialBalance: account.initialBalance,
      onEvents: core.sink,
      now,
      account: core.state,
    };
    const brokerOptions = { ...((config.brokers as Readonly<Record<string, object | undefined>>)[account.broker] ?? {}), ...(account.paper ?? {}) };
    // A paper account on another market source trades on that source's quotes.
    const source = account.marketSource === undefined ? undefined : markets.byName.get(account.marketSource);
    const broker =
      account.broker === 'paper' && source !== undefined && source !== market
        ? paperFactory(source)(brokerContext, brokerOptions)
        : await createBroker(registry, account.broker, brokerContext, brokerOptions);
    return { local: new LocalAccount(core, account, bus), broker };
  };

  let cluster: Cluster | undefined;
  if (store !== undefined && brokers !== undefined && start && isLeaseStore(store)) {
    try {
      cluster = await startCluster({ config, store, bus, processId, now, log: app.log, build: (account) => buildAccount(account, store, brokers) });
    } catch (error) {
      await closeOpened();
      throw error;
    }
    for (const [id, handle] of cluster.accounts) accounts.set(id, handle);
  } else if (store !== undefined && brokers !== undefined) {
    for (const account of config.accounts) {
      let built: { local: LocalAccount; broker: Broker };
      try {
        built = await buildAccount(account, store, brokers);
      } catch (error) {
        for (const started of accounts.values()) await started.stop();
        await closeOpened();
        throw error;
      }
      accounts.set(account.id, built.local);
      if (start) await built.local.core.start(built.broker);
      else built.local.core.attach(built.broker);
    }
  }

  gateway.attach(app);

  app.addHook('onClose', async () => {
    await cluster?.stop();
    for (const account of accounts.values()) await account.stop();
    await markets.stop();
    await bus.close();
    await store?.close();
  });
  await app.ready();
  return { app, context, gateway };
}

/** Builds an account's broker; options the adapter refuses (a missing key, a value out of range) are a config error. */
async function createBroker(registry: BrokerRegistry, kind: string, context: BrokerContext, options: object): Promise<Broker> {
  try {
    return await registry.create(kind, context, options as Readonly<Record<string, unknown>>);
  } catch (error) {
    if (!(error instanceof TradingError) || error.code !== ErrorCode.VALIDATION_ERROR) throw error;
    const detail = error.details?.[0];
    const path = detail && typeof detail.path === 'string' ? detail.path : undefined;
    if (path === undefined) throw new ConfigError(`config error: ${error.message}`);
    // Adapters word the detail with or without the path in front.
    const problem = String(detail?.message ?? error.message).replace(`${path} `, '');
    throw new ConfigError(`config error at ${path}: ${problem}`);
  }
}
