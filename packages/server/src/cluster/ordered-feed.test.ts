import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '@trading-pro/brokers';
import { accountSubject, InProcessBus } from '../bus/bus.ts';
import { eventually } from '../../test/harness.ts';
import { OrderedFeed, type FeedJournal } from './ordered-feed.ts';

const record = (seq: number): JournalRecord => ({ accountId: 'A', seq, time: seq, route: 'orders', data: { id: `o${seq}` } });

/** The committed journal: what the owner wrote, whether or not the bus carried it. */
class Journal implements FeedJournal {
  readonly records: JournalRecord[] = [];
  reads = 0;
  failNext = 0;

  commit(upTo: number): void {
    for (let seq = this.records.length + 1; seq <= upTo; seq++) this.records.push(record(seq));
  }

  async read(_accountId: string, afterSeq: number, options: { upToSeq?: number; limit?: number }): Promise<JournalRecord[]> {
    this.reads += 1;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('connection lost');
    }
    const upTo = options.upToSeq ?? Number.MAX_SAFE_INTEGER;
    return this.records.filter((r) => r.seq > afterSeq && r.seq <= upTo).slice(0, options.limit);
  }

  async lastSeq(): Promise<number> {
    return this.records.length;
  }
}

async function feedOn(journal: Journal) {
  const bus = new InProcessBus();
  const feed = new OrderedFeed('A', bus, journal);
  await feed.start();
  const seen: number[] = [];
  feed.subscribe((r) => seen.push(r.seq));
  const publish = (...seqs: number[]) => {
    for (const seq of seqs) bus.publish(accountSubject('A'), record(seq));
  };
  return { feed, seen, publish };
}

describe('the ordered feed', () => {
  it('starts after what the journal holds and delivers the bus in order, without reading the journal again', async () => {
    const journal = new Journal();
    journal.commit(3);
    const { feed, seen, publish } = await feedOn(journal);
    expect(feed.seq).toBe(3);
    journal.commit(6);
    publish(2, 3, 4, 5, 6);
    expect(seen).toEqual([4, 5, 6]);
    expect(journal.reads).toBe(0);
  });

  it('fills a gap from the journal before delivering what came after it, and drops the duplicates', async () => {
    const journal = new Journal();
    const { feed, seen, publish } = await feedOn(journal);
    journal.commit(8);
    publish(1, 2, 5, 6, 4);
    await eventually(() => feed.seq === 6, 2_000, 'the gap filled');
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    publish(3, 6, 7, 8, 8);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('delivers what the bus lost at the end once it catches up with the journal', async () => {
    const journal = new Journal();
    const { feed, seen, publish } = await feedOn(journal);
    journal.commit(5);
    publish(1, 2);
    await feed.catchUp();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    publish(3, 4, 5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('holds what came after a gap while the journal cannot be read, and fills it on the next try', async () => {
    const journal = new Journal();
    const { feed, seen, publish } = await feedOn(journal);
    journal.commit(4);
    journal.failNext = 3;
    publish(1, 4);
    await eventually(() => journal.reads >= 3, 2_000, 'the failed reads');
    expect(seen).toEqual([1]);
    await feed.catchUp();
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
