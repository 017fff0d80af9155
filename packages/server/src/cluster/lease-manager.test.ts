import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaseManager, type LeaseStore } from './lease-manager.ts';

/** The lease table as PostgreSQL keeps it, on the test's fake clock. */
class LeaseTable implements LeaseStore {
  readonly rows = new Map<string, { owner: string; epoch: number; expiresAt: number }>();
  failing = false;
  /** Processes killed: their calls never reach the database. */
  readonly dead = new Set<string>();

  async acquireLease(accountId: string, owner: string, ttlMs: number): Promise<number | undefined> {
    this.#check();
    const row = this.rows.get(accountId);
    if (row !== undefined && row.expiresAt >= Date.now() && row.owner !== owner) return undefined;
    const epoch = (row?.epoch ?? 0) + 1;
    this.rows.set(accountId, { owner, epoch, expiresAt: Date.now() + ttlMs });
    return epoch;
  }

  async renewLease(accountId: string, owner: string, ttlMs: number): Promise<boolean> {
    this.#check();
    if (this.dead.has(owner)) return new Promise<boolean>(() => undefined);
    const row = this.rows.get(accountId);
    if (row === undefined || row.owner !== owner || row.expiresAt < Date.now()) return false;
    row.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async releaseLease(accountId: string, owner: string): Promise<void> {
    const row = this.rows.get(accountId);
    if (row !== undefined && row.owner === owner) row.expiresAt = Date.now() - 1;
  }

  async leaseHolders(accountIds: readonly string[]): Promise<Map<string, string>> {
    this.#check();
    const live = new Map<string, string>();
    for (const id of accountIds) {
      const row = this.rows.get(id);
      if (row !== undefined && row.expiresAt >= Date.now()) live.set(id, row.owner);
    }
    return live;
  }

  #check(): void {
    if (this.failing) throw new Error('connection lost');
  }
}

const LEASE_MS = 900;
const managers: LeaseManager[] = [];

/** A process's lease manager; it records what it was told, after `starting` (an account's start) resolves. */
function process(table: LeaseTable, owner: string, accountIds = ['A', 'B'], starting: (id: string) => Promise<void> = async () => undefined) {
  const events: string[] = [];
  const manager = new LeaseManager({
    store: table,
    owner,
    accountIds,
    leaseMs: LEASE_MS,
    listener: {
      acquired: async (id, epoch) => {
        await starting(id);
        events.push(`acquired ${id} ${epoch}`);
      },
      lost: async (id) => {
        events.push(`lost ${id}`);
      },
    },
  });
  managers.push(manager);
  return { manager, events };
}

/** Two processes configured with account A; the first started first and owns it. */
async function twoProcesses() {
  const table = new LeaseTable();
  const one = process(table, 'p1', ['A']);
  const two = process(table, 'p2', ['A']);
  await one.manager.start();
  await two.manager.start();
  return { table, one, two };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.stop();
  vi.useRealTimers();
});

describe('the lease manager', () => {
  it('takes every free account on start, and a second process takes none while the first renews', async () => {
    const table = new LeaseTable();
    const one = process(table, 'p1');
    const two = process(table, 'p2');
    await one.manager.start();
    await two.manager.start();
    expect(one.events).toEqual(['acquired A 1', 'acquired B 1']);
    await vi.advanceTimersByTimeAsync(LEASE_MS * 10);
    expect(two.events).toEqual([]);
    expect(one.manager.owns('A')).toBe(true);
    expect(two.manager.owns('A')).toBe(false);
    expect(two.manager.ownerOf('A')).toBe('p1');
    expect(table.rows.get('A')?.epoch).toBe(1);
  });

  it('lets another process take over once the owner stops renewing, within the lease and one round', async () => {
    const { table, one, two } = await twoProcesses();
    await vi.advanceTimersByTimeAsync(LEASE_MS);
    // The owner is killed: nothing it sends reaches the database any more.
    table.dead.add('p1');
    managers.splice(managers.indexOf(one.manager), 1);
    const lastRenewal = (table.rows.get('A')?.expiresAt ?? 0) - LEASE_MS;
    await vi.advanceTimersByTimeAsync(lastRenewal + LEASE_MS - Date.now());
    expect(two.events).toEqual([]);
    await vi.advanceTimersByTimeAsync(two.manager.intervalMs + 1);
    expect(two.events).toEqual(['acquired A 2']);
    expect(Date.now() - lastRenewal).toBeLessThanOrEqual(LEASE_MS + two.manager.intervalMs + 1);
    expect(two.manager.owns('A')).toBe(true);
  });

  it('steps down at once when the renewal finds the lease taken over', async () => {
    const table = new LeaseTable();
    const one = process(table, 'p1', ['A']);
    await one.manager.start();
    table.rows.set('A', { owner: 'p2', epoch: 2, expiresAt: Date.now() + LEASE_MS });
    await vi.advanceTimersByTimeAsync(one.manager.intervalMs);
    expect(one.events).toEqual(['acquired A 1', 'lost A']);
    expect(one.manager.owns('A')).toBe(false);
    expect(one.manager.ownerOf('A')).toBe('p2');
  });

  it('stops owning when the lease runs out on its own clock while the database cannot be reached', async () => {
    const table = new LeaseTable();
    const one = process(table, 'p1', ['A']);
    await one.manager.start();
    table.failing = true;
    await vi.advanceTimersByTimeAsync(LEASE_MS - 1);
    expect(one.events).toEqual(['acquired A 1']);
    await vi.advanceTimersByTimeAsync(1);
    // Not owning from the moment the lease ran out, even before the next round notices.
    expect(one.manager.owns('A')).toBe(false);
    await vi.advanceTimersByTimeAsync(one.manager.intervalMs);
    expect(one.events).toEqual(['acquired A 1', 'lost A']);
    table.failing = false;
    await vi.advanceTimersByTimeAsync(one.manager.intervalMs);
    expect(one.events).toEqual(['acquired A 1', 'lost A', 'acquired A 2']);
  });

  it('steps down when told the database refused an append, and takes the account again only once it is free', async () => {
    const { table, one, two } = await twoProcesses();
    await one.manager.lose('A', 'fenced');
    expect(one.manager.owns('A')).toBe(false);
    expect(one.events).toEqual(['acquired A 1', 'lost A']);
    await vi.advanceTimersByTimeAsync(LEASE_MS * 2);
    // Its lease row ran out; whichever process looked first has it now, and only one does.
    const owners = [one, two].filter((p) => p.manager.owns('A'));
    expect(owners).toHaveLength(1);
    expect(table.rows.get('A')?.epoch).toBe(2);
  });

  it('releases its leases on a clean stop, so the next owner need not wait for them to expire', async () => {
    const { one, two } = await twoProcesses();
    await one.manager.stop();
    expect(one.events).toEqual(['acquired A 1', 'lost A']);
    await vi.advanceTimersByTimeAsync(two.manager.intervalMs);
    expect(two.events).toEqual(['acquired A 2']);
  });

  it('releases a lease it took when the account cannot start there', async () => {
    const table = new LeaseTable();
    const { manager, events } = process(table, 'p1', ['A'], async () => {
      throw new Error('venue refused the credentials');
    });
    await manager.start();
    expect(manager.owns('A')).toBe(false);
    expect(events).toEqual(['lost A']);
    expect((table.rows.get('A')?.expiresAt ?? Infinity) < Date.now()).toBe(true);
  });

  it('keeps renewing its other leases while an account takes longer than a lease to start, and does not run one it lost meanwhile', async () => {
    const table = new LeaseTable();
    let finishSlow: () => void = () => undefined;
    const { manager, events } = process(table, 'p1', ['FAST', 'SLOW'], async (id) => {
      if (id === 'SLOW') await new Promise<void>((resolve) => (finishSlow = resolve));
    });
    const started = manager.start();
    await vi.advanceTimersByTimeAsync(LEASE_MS * 5);
    expect(manager.owns('FAST')).toBe(true);
    expect(manager.owns('SLOW')).toBe(false);
    expect(table.rows.get('FAST')?.epoch).toBe(1);
    expect(table.rows.get('SLOW')?.epoch).toBe(1);
    // Another process takes SLOW's lease before it finished starting here.
    table.rows.set('SLOW', { owner: 'p2', epoch: 2, expiresAt: Date.now() + LEASE_MS * 10 });
    await vi.advanceTimersByTimeAsync(manager.intervalMs);
    expect(manager.holds('SLOW', 1)).toBe(false);
    finishSlow();
    await started;
    expect(manager.owns('SLOW')).toBe(false);
    expect(events).toEqual(['acquired FAST 1', 'lost SLOW', 'acquired SLOW 1']);
  });
});
