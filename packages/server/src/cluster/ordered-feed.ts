/**
 * One account's committed events as this process delivers them, whoever owns the account: from the bus, each
 * seq exactly once and in order. A seq already delivered is dropped (a duplicate); a seq beyond the next one means
 * the bus lost something (or the owner died between commit and publish), so the gap is read from the journal
 * before anything after it is delivered. The journal is the truth: the bus only says when to look.
 */
import type { JournalRecord } from '@trading-pro/brokers';
import { accountSubject, type Bus } from '../bus/bus.ts';

/** The journal reads the feed needs. */
export interface FeedJournal {
  read(accountId: string, afterSeq: number, options: { readonly upToSeq?: number; readonly limit?: number }): Promise<JournalRecord[]>;
  lastSeq(accountId: string): Promise<number>;
}

const FILL_PAGE = 1_000;

export class OrderedFeed {
  readonly #accountId: string;
  readonly #bus: Bus;
  readonly #journal: FeedJournal;
  readonly #listeners = new Set<(record: JournalRecord) => void>();
  /** Arrived ahead of a gap, by seq. */
  readonly #ahead = new Map<number, JournalRecord>();
  #seq = 0;
  #filling: Promise<void> | undefined;
  #unsubscribe: (() => void) | undefined;
  #started = false;
  /** Records the bus delivered before the starting seq was known. */
  #early: JournalRecord[] | undefined = [];

  constructor(accountId: string, bus: Bus, journal: FeedJournal) {
    this.#accountId = accountId;
    this.#bus = bus;
    this.#journal = journal;
  }

  /** The seq of the last event delivered (every earlier one was delivered too). */
  get seq(): number {
    return this.#seq;
  }

  /** Listens on the bus, then starts from the journal's end; what arrived meanwhile is sorted in. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#unsubscribe = this.#bus.subscribe<JournalRecord>(accountSubject(this.#accountId), (record) => this.push(record));
    this.#seq = await this.#journal.lastSeq(this.#accountId);
    const early = this.#early ?? [];
    this.#early = undefined;
    for (const record of early) this.push(record);
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#listeners.clear();
    this.#ahead.clear();
  }

  subscribe(listener: (record: JournalRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A record from the bus. */
  push(record: JournalRecord): void {
    if (this.#early !== undefined) {
      this.#early.push(record);
      return;
    }
    if (record.seq <= this.#seq) return;
    if (record.seq === this.#seq + 1 && this.#filling === undefined && this.#ahead.size === 0) {
      this.#deliver(record);
      return;
    }
    this.#ahead.set(record.seq, record);
    this.#fill();
  }

  /** Delivers whatever the journal holds beyond the last delivered seq (a lost last message shows up here). */
  async catchUp(): Promise<void> {
    if (this.#early !== undefined) return;
    const last = await this.#journal.lastSeq(this.#accountId);
    if (last > this.#seq) await this.#fill(last);
    else await this.#filling;
  }

  /** Reads the gap(s) from the journal, delivering in order, until nothing waits ahead (or `upTo` is reached). */
  #fill(upTo = 0): Promise<void> {
    this.#filling ??= this.#runFill(upTo).then((complete) => {
      this.#filling = undefined;
      // Something may have arrived ahead of a new gap while the last read was on its way. After failed reads the
      // next record or catch-up tries again, not a loop against a journal that is down.
      if (complete && this.#ahead.size > 0) void this.#fill();
    });
    return this.#filling;
  }

  /** False when it gave up on reads that failed. */
  async #runFill(upTo: number): Promise<boolean> {
    for (let failures = 0; ; ) {
      this.#drainAhead();
      const target = Math.max(upTo, this.#ahead.size === 0 ? 0 : Math.min(...this.#ahead.keys()) - 1);
      if (target <= this.#seq) return true;
      let records: JournalRecord[];
      try {
        records = await this.#journal.read(this.#accountId, this.#seq, { upToSeq: target, limit: FILL_PAGE });
      } catch {
        // The journal is unreachable for now: what waits ahead stays held, and the next record or catch-up tries again.
        if (++failures >= 3) return false;
        continue;
      }
      // Nothing to read where a record must be: try again on the next record or catch-up, not in a loop.
      if (records.length === 0) return false;
      for (const record of records) if (record.seq === this.#seq + 1) this.#deliver(record);
    }
  }

  #drainAhead(): void {
    for (let next = this.#ahead.get(this.#seq + 1); next !== undefined; next = this.#ahead.get(this.#seq + 1)) {
      this.#ahead.delete(next.seq);
      this.#deliver(next);
    }
    for (const seq of this.#ahead.keys()) if (seq <= this.#seq) this.#ahead.delete(seq);
  }

  #deliver(record: JournalRecord): void {
    this.#seq = record.seq;
    for (const listener of this.#listeners) {
      try {
        listener(record);
      } catch {
        // One failing consumer must not stop delivery to the others.
      }
    }
  }
}
