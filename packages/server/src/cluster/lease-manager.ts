/**
 * Account ownership between processes sharing one PostgreSQL store: each process tries to take the lease of each
 * configured account, the owner renews it, and a process that cannot renew in time (or whose append the database
 * refused for a stale epoch) steps down at once. Non-owners look for an expired lease on every round and take it.
 *
 * A held lease counts only until `validUntil`, measured on this process's clock from before the renewal was sent:
 * the database's expiry is later than that, so a process that was paused past its lease knows it may have been
 * deposed before it acts, without asking anyone.
 */

/** The lease operations of the store (PostgresAccountStore). */
export interface LeaseStore {
  /** The new fencing epoch, or undefined while another owner holds a live lease. */
  acquireLease(accountId: string, owner: string, ttlMs: number): Promise<number | undefined>;
  /** False when the lease was taken over or expired. */
  renewLease(accountId: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(accountId: string, owner: string): Promise<void>;
  /** Owners of the accounts whose lease is live. */
  leaseHolders(accountIds: readonly string[]): Promise<Map<string, string>>;
}

/** What a process does when it gains or loses an account. */
export interface OwnershipListener {
  /** Loads and starts the account; the lease is released again when this rejects. */
  acquired(accountId: string, epoch: number): Promise<void>;
  /** Stops the account at once (disconnects its venue). */
  lost(accountId: string, reason: string): Promise<void>;
}

export interface LeaseManagerOptions {
  readonly store: LeaseStore;
  /** This process's id (the lease's owner). */
  readonly owner: string;
  readonly accountIds: readonly string[];
  /** How long a lease lasts without renewal (ms). */
  readonly leaseMs: number;
  readonly listener: OwnershipListener;
  readonly now?: () => number;
  readonly log?: { warn(object: object, message: string): void };
}

interface Held {
  readonly epoch: number;
  validUntil: number;
  /** Set once `acquired` has finished: the account runs here. */
  ready: boolean;
}

export class LeaseManager {
  readonly #options: LeaseManagerOptions;
  readonly #now: () => number;
  readonly #held = new Map<string, Held>();
  /** Live owners other than this process, as of the last round. */
  #others = new Map<string, string>();
  /** Accounts being started after their lease was taken (loading the journal, connecting the venue). */
  readonly #starting = new Set<Promise<void>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #round: Promise<void> | undefined;
  #stopped = false;

  constructor(options: LeaseManagerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Renewal and takeover checks run this often: three per lease. */
  get intervalMs(): number {
    return Math.max(1, Math.floor(this.#options.leaseMs / 3));
  }

  /** Runs the first round (so the accounts this process can take are running when it resolves), then keeps going. */
  async start(): Promise<void> {
    await this.round();
    this.#schedule();
    await Promise.all(this.#starting);
  }

  /** Whether the lease taken with `epoch` is still the one held (an account that took long to start checks this). */
  holds(accountId: string, epoch: number): boolean {
    return this.#held.get(accountId)?.epoch === epoch;
  }

  /** Whether this process runs the account now: it holds a lease that has not run out by its own clock. */
  owns(accountId: string): boolean {
    const held = this.#held.get(accountId);
    return held !== undefined && held.ready && this.#now() < held.validUntil;
  }

  /** The process that owns the account as far as this one knows (itself included); undefined when nobody does. */
  ownerOf(accountId: string): string | undefined {
    if (this.owns(accountId)) return this.#options.owner;
    return this.#others.get(accountId);
  }

  /** One pass: renew what is held, step down where that failed, take what is free. */
  round(): Promise<void> {
    this.#round ??= this.#runRound().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  /** Steps down from an account at once (the database refused an append for a stale epoch). */
  lose(accountId: string, reason: string): Promise<void> {
    const held = this.#held.get(accountId);
    if (held === undefined) return Promise.resolve();
    this.#held.delete(accountId);
    this.#options.log?.warn({ account: accountId, epoch: held.epoch }, `stepping down as owner of ${accountId}: ${reason}`);
    return this.#options.listener.lost(accountId, reason).catch(() => undefined);
  }

  /** Stops the rounds, stops every account held here and releases their leases for the next owner. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#round?.catch(() => undefined);
    await Promise.all(this.#starting);
    for (const accountId of [...this.#held.keys()]) {
      await this.lose(accountId, 'the process is stopping');
      await this.#options.store.releaseLease(accountId, this.#options.owner).catch(() => undefined);
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.round().finally(() => this.#schedule());
    }, this.intervalMs);
    this.#timer.unref?.();
  }

  async #runRound(): Promise<void> {
    const { store, owner, leaseMs, accountIds } = this.#options;
    for (const [accountId, held] of [...this.#held]) {
      if (this.#stopped) return;
      // Paused past the lease (a stopped process, a long GC): someone else may own it already.
      if (this.#now() >= held.validUntil) {
        await this.lose(accountId, 'the lease ran out before it was renewed');
        continue;
      }
      const sentAt = this.#now();
      let renewed: boolean | undefined;
      try {
        renewed = await store.renewLease(accountId, owner, leaseMs);
      } catch {
        renewed = undefined;
      }
      if (renewed === true && this.#held.get(accountId) === held) held.validUntil = sentAt + leaseMs;
      else if (renewed === false) await this.lose(accountId, 'the lease was taken over');
      else if (this.#now() >= held.validUntil) await this.lose(accountId, 'the lease could not be renewed in time');
    }
    let holders: Map<string, string>;
    try {
      holders = await store.leaseHolders(accountIds);
    } catch {
      return;
    }
    const others = new Map<string, string>();
    for (const [accountId, holder] of holders) if (holder !== owner) others.set(accountId, holder);
    this.#others = others;
    for (const accountId of accountIds) {
      if (this.#stopped) return;
      if (this.#held.has(accountId) || holders.has(accountId)) continue;
      await this.#take(accountId);
    }
  }

  async #take(accountId: string): Promise<void> {
    const { store, owner, leaseMs, listener } = this.#options;
    const sentAt = this.#now();
    let epoch: number | undefined;
    try {
      epoch = await store.acquireLease(accountId, owner, leaseMs);
    } catch {
      return;
    }
    if (epoch === undefined) return;
    const held: Held = { epoch, validUntil: sentAt + leaseMs, ready: false };
    this.#held.set(accountId, held);
    this.#others.delete(accountId);
    // Started beside the rounds: a slow venue or a long journal must not hold up the renewal of other leases.
    const starting = listener.acquired(accountId, epoch).then(
      () => {
        if (this.#held.get(accountId) === held) held.ready = true;
      },
      async (error: unknown) => {
        this.#options.log?.warn({ account: accountId, err: error }, `cannot start ${accountId} after taking its lease; releasing it`);
        if (this.#held.get(accountId) !== held) return;
        this.#held.delete(accountId);
        await listener.lost(accountId, 'it could not start').catch(() => undefined);
        await store.releaseLease(accountId, owner).catch(() => undefined);
      },
    );
    this.#starting.add(starting);
    void starting.finally(() => this.#starting.delete(starting));
  }
}
