/**
 * Starts the accounts of a process that shares its store with others: a handle per configured account (serving
 * every request, wherever the account runs), its ordered feed, and the lease manager that runs the accounts this
 * process owns and takes over those whose owner died.
 */
import type { Broker } from '@trading-pro/brokers';
import type { LocalAccount } from '../accounts/local-account.ts';
import type { Bus } from '../bus/bus.ts';
import type { AccountConfig, Config } from '../config/schema.ts';
import type { ServerAccountStore } from '../store/open-store.ts';
import { ClusteredAccount } from './clustered-account.ts';
import { LeaseManager, type LeaseStore } from './lease-manager.ts';
import { OrderedFeed } from './ordered-feed.ts';

export const DEFAULT_LEASE_MS = 5_000;
export const DEFAULT_FORWARD_TIMEOUT_MS = 5_000;

/** A store whose accounts are owned by lease (PostgreSQL). */
export type LeaseAccountStore = ServerAccountStore & LeaseStore & { onFenced(listener: (accountId: string) => void): void };

export function isLeaseStore(store: ServerAccountStore): store is LeaseAccountStore {
  return 'acquireLease' in store && 'onFenced' in store;
}

export interface ClusterOptions {
  readonly config: Config;
  readonly store: LeaseAccountStore;
  readonly bus: Bus;
  readonly processId: string;
  readonly now: () => number;
  readonly log: { warn(object: object, message: string): void; info(object: object, message: string): void };
  /** Builds an account's core and broker, not started. */
  readonly build: (account: AccountConfig) => Promise<{ local: LocalAccount; broker: Broker }>;
}

export interface Cluster {
  readonly accounts: ReadonlyMap<string, ClusteredAccount>;
  readonly leases: LeaseManager;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { config, store, bus, processId, now, log } = options;
  const accounts = new Map<string, ClusteredAccount>();
  const configs = new Map(config.accounts.map((account) => [account.id, account]));
  const leaseMs = config.cluster?.leaseMs ?? DEFAULT_LEASE_MS;
  const leases: LeaseManager = new LeaseManager({
    store,
    owner: processId,
    accountIds: config.accounts.map((account) => account.id),
    leaseMs,
    now,
    log,
    listener: {
      acquired: async (accountId, epoch) => {
        const handle = accounts.get(accountId);
        const account = configs.get(accountId);
        if (handle === undefined || account === undefined) throw new Error(`account ${accountId} is not configured`);
        const { local, broker } = await options.build(account);
        // Folds the journal as the last owner left it (snapshot, then the events after it), then connects the venue.
        await local.core.start(broker);
        if (!leases.holds(accountId, epoch)) {
          // Lost while it started: it must not run here.
          await local.stop();
          return;
        }
        handle.attach(local);
        // Other processes forward to this one as soon as they see its lease: it must be listening by then.
        await bus.flush?.();
        log.info({ account: accountId, epoch }, `this process now owns ${accountId} (lease epoch ${epoch})`);
      },
      lost: async (accountId) => {
        await accounts.get(accountId)?.detach();
      },
    },
  });
  store.onFenced((accountId) => void leases.lose(accountId, 'the database refused an append: another process holds the lease now'));

  for (const account of config.accounts) {
    // Built once, never started: the broker's capabilities, and its options checked at start as in one process.
    const { broker } = await options.build(account);
    const feed = new OrderedFeed(account.id, bus, store);
    await feed.start();
    accounts.set(
      account.id,
      new ClusteredAccount({
        config: account,
        brokerKind: broker.kind,
        capabilities: broker.capabilities(),
        store,
        bus,
        feed,
        owns: () => leases.owns(account.id),
        ownerOf: () => leases.ownerOf(account.id),
        forwardTimeoutMs: config.cluster?.forwardTimeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS,
        now,
      }),
    );
  }
  // A process that misses the last message of a burst learns of it here, once per lease round.
  const catchUp = setInterval(() => {
    for (const [id, handle] of accounts) if (!leases.owns(id)) void handle.catchUp();
  }, leases.intervalMs);
  catchUp.unref();
  await leases.start();
  return {
    accounts,
    leases,
    async stop() {
      clearInterval(catchUp);
      await leases.stop();
      for (const handle of accounts.values()) await handle.stop();
    },
  };
}
