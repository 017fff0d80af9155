/** Test harness: a fake Alpaca on loopback and an `AlpacaBroker` wired to it with short timings. */
import type { BrokerContext, BrokerEvent } from '../../src/broker.ts';
import { AlpacaBroker } from '../../src/alpaca/alpaca-broker.ts';
import { parseAlpacaConfig } from '../../src/alpaca/alpaca-config.ts';
import { AlpacaFakeServer } from './alpaca-fake-server.ts';
import type { AlpacaFakeOptions } from './alpaca-fake-server.ts';

export interface AlpacaRig {
  readonly fake: AlpacaFakeServer;
  readonly broker: AlpacaBroker;
  readonly events: BrokerEvent[];
  readonly context: BrokerContext;
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
  options: { fake?: AlpacaFakeOptions; config?: Record<string, unknown>; connect?: boolean; journal?: readonly BrokerEvent[] } = {},
): Promise<AlpacaRig> {
  const fake = await new AlpacaFakeServer(options.fake).start();
  const events: BrokerEvent[] = [];
  const context: BrokerContext = {
    accountId: 'ALP-1',
    accountName: 'Alpaca paper',
    currency: 'USD',
    onEvents: (batch) => events.push(...batch),
    now: Date.now,
  };
  const broker = new AlpacaBroker(context, parseAlpacaConfig({ ...fastAlpacaOptions(fake), ...options.config }));
  if (options.journal) broker.restore(options.journal);
  if (options.connect !== false) await broker.connect();
  return {
    fake,
    broker,
    events,
    context,
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
