/** An account store whose appends fail on demand (a full disk, a lost database), around a working one. */
import type { AccountSnapshot, AccountStore, JournalRecord, StoredEvent } from '../../src/account/account-store.ts';
import { MemoryAccountStore } from '../../src/account/memory-account-store.ts';

export class FaultyStore implements AccountStore {
  readonly inner: AccountStore;
  /** Appends fail while this is true. */
  failing = false;
  /** Decides per append when set (it may flip `failing` itself). */
  failWhen: ((events: readonly StoredEvent[]) => boolean) | undefined;
  appends = 0;
  refused = 0;
  /** The `afterSeq` of every journal read, in order. */
  readonly reads: number[] = [];

  constructor(inner: AccountStore = new MemoryAccountStore()) {
    this.inner = inner;
  }

  async append(accountId: string, events: readonly StoredEvent[], time: number, expectedLastSeq?: number): Promise<JournalRecord[]> {
    this.appends += 1;
    if (this.failing || this.failWhen?.(events) === true) {
      this.refused += 1;
      await Promise.resolve();
      throw new Error('database or disk is full');
    }
    return this.inner.append(accountId, events, time, expectedLastSeq);
  }

  read: AccountStore['read'] = (accountId, afterSeq, options) => {
    this.reads.push(afterSeq);
    return this.inner.read(accountId, afterSeq, options);
  };
  lastSeq: AccountStore['lastSeq'] = (...args) => this.inner.lastSeq(...args);
  saveSnapshot = (accountId: string, snapshot: AccountSnapshot) => (this.failing ? Promise.reject(new Error('database or disk is full')) : this.inner.saveSnapshot(accountId, snapshot));
  loadSnapshot: AccountStore['loadSnapshot'] = (...args) => this.inner.loadSnapshot(...args);
  orders: AccountStore['orders'] = (...args) => this.inner.orders(...args);
  order: AccountStore['order'] = (...args) => this.inner.order(...args);
  clientOrder: AccountStore['clientOrder'] = (...args) => this.inner.clientOrder(...args);
  executions: AccountStore['executions'] = (...args) => this.inner.executions(...args);
  hasExecution: AccountStore['hasExecution'] = (...args) => this.inner.hasExecution(...args);
}
