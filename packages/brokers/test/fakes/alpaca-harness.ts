/** Test harness: a fake Alpaca on loopback and an `AlpacaBroker` wired to it with short timings. */
import type { AccountCore } from '../../src/account/account-core.ts';
import type { AccountStore } from '../../src/account/account-store.ts';
import type { BrokerContext, BrokerEvent } from '../../src/broker.ts';
import { accountHarness } from '../conformance/account-harness.ts';
import { AlpacaBroker } from '../../src/alpaca/alpaca-broker.ts';
import { parseAlpacaConfig } from '../../src/alpaca/alpaca-config.ts';
import { AlpacaFakeServer } from './alpaca-fake-server.ts';
import type { AlpacaFakeOptions } from './alpaca-fake-server.ts';

export interface AlpacaRig {
  readonly fake: AlpacaFakeServer;
  readonly broker: AlpacaBroker;
  readonly core: AccountCore;
  readonly store: AccountStore;
  /** Every committed event, in journal order. */
  readonly events: BrokerEvent[];
  readonly context: BrokerContext;
  /** Waits the adapter asked its (test) clock for, in ms. */
  readonly sleeps: readonly number[];
  close(): Promise<void>;
}

/** Fast settings so failures surface in milliseconds; tests override what they exercise. */
export function fastAlpacaOptions(fake: AlpacaFakeServer): Record<string, unknown> {
  return {
    apiKey: fake.keyId,
    secret: fake.secretKey,
    baseUrl: fake.baseUrl,
    requestTimeoutMs: 400,
    reconcileIntervalMs: 0,
    clockCacheMs: 0,
    streamConnectTimeoutMs: 1_000,
    reconnectMinMs: 20,
    reconnectMaxMs: 100,
    pingIntervalMs: 1_000,
    readAttempts: 2,
    retryDelayMs: 10,
    retryMaxDelayMs: 50,
    maxRateLimitWaitMs: 5_000,
  };
}

export async function startAlpacaRig(
  options: { fake?: AlpacaFakeOptions; config?: Record<string, unknown>; connect?: boolean; store?: AccountStore } = {},
): Promise<AlpacaRig> {
  const fake = await new AlpacaFakeServer(options.fake).start();
  const harness = accountHarness({ accountId: 'ALP-1', accountName: 'Alpaca paper', ...(options.store === undefined ? {} : { store: options.store }) });
  const { context, core, events } = harness;
  const broker = new AlpacaBroker(context, parseAlpacaConfig({ ...fastAlpacaOptions(fake), ...options.config }));
  await core.load(broker);
  if (options.connect !== false) await broker.connect();
  return {
    fake,
    broker,
    core,
    store: harness.store,
    events,
    context,
    sleeps: harness.sleeps,
    close: async () => {
      await broker.disconnect();
      await fake.stop();
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false) or the time runs out. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type DataOf<R extends BrokerEvent['route']> = Extract<BrokerEvent, { route: R }>['data'];

export function eventsOf<R extends BrokerEvent['route']>(events: readonly BrokerEvent[], route: R): DataOf<R>[] {
  const result: DataOf<R>[] = [];
  for (const event of events) if (event.route === route) result.push(event.data as DataOf<R>);
  return result;
}
