/**
 * An account core over an in-memory store, as the server wires one: adapters under test report through its sink,
 * commands go through it, reads come from its state, and `events` lists every committed event in journal order.
 */
import { AccountCore } from '../../src/account/account-core.ts';
import type { RiskLimits } from '../../src/account/risk-limits.ts';
import type { AccountStore, JournalRecord } from '../../src/account/account-store.ts';
import { MemoryAccountStore } from '../../src/account/memory-account-store.ts';
import type { BrokerContext, BrokerEvent } from '../../src/broker.ts';

export interface AccountHarness {
  readonly core: AccountCore;
  readonly store: AccountStore;
  /** Every committed event, in journal order. */
  readonly events: BrokerEvent[];
  readonly records: JournalRecord[];
  /** The context to build the broker with (its sink is the core's). */
  readonly context: BrokerContext;
  /** Waits the adapter asked the clock for (rate limits, Retry-After), in ms, in order. */
  readonly sleeps: number[];
}

export interface HarnessOptions {
  readonly accountId?: string;
  readonly accountName?: string;
  readonly currency?: string;
  readonly initialBalance?: number;
  readonly risk?: RiskLimits;
  readonly store?: AccountStore;
  readonly now?: () => number;
  readonly snapshotEvery?: number;
  /** Real waits instead of the harness clock, which records each wait and skips it at once. */
  readonly realSleep?: boolean;
}

export function accountHarness(options: HarnessOptions = {}): AccountHarness {
  const accountId = options.accountId ?? 'ACC-1';
  const store = options.store ?? new MemoryAccountStore();
  const events: BrokerEvent[] = [];
  const records: JournalRecord[] = [];
  // A fake clock: real time plus every wait the adapter asked for, skipped at once (no real waiting in tests).
  let skipped = 0;
  const sleeps: number[] = [];
  const now = options.now ?? (() => Date.now() + skipped);
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    skipped += Math.max(0, ms);
    await Promise.resolve();
  };
  const core = new AccountCore({
    accountId,
    name: options.accountName ?? accountId,
    currency: options.currency ?? 'USD',
    store,
    now,
    publish: (batch) => {
      for (const record of batch) {
        records.push(record);
        events.push((record.state === undefined ? { route: record.route, data: record.data } : { route: record.route, data: record.data, state: record.state }) as BrokerEvent);
      }
    },
    ...(options.risk === undefined ? {} : { risk: options.risk }),
    ...(options.snapshotEvery === undefined ? {} : { snapshotEvery: options.snapshotEvery }),
  });
  const context: BrokerContext = {
    accountId,
    accountName: options.accountName ?? accountId,
    currency: options.currency ?? 'USD',
    ...(options.initialBalance === undefined ? {} : { initialBalance: options.initialBalance }),
    onEvents: core.sink,
    now,
    ...(options.realSleep === true ? {} : { sleep }),
    account: core.state,
  };
  return { core, store, events, records, context, sleeps };
}
