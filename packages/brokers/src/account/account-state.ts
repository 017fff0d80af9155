/**
 * The account as the journal says it is: the fold of committed events, for every broker kind. It keeps what can
 * still change (working orders, open positions, the latest equity) and a bounded window of recently finished
 * orders; older history is read from the store. It is only ever changed by `apply`, after a commit.
 */
import { isFinalStatus, type EquityData, type Order, type Position } from '@trading-pro/contracts';
import { trimOldest } from '@trading-pro/engine';
import type { JournalRecord } from './account-store.ts';

/** Finished orders kept in memory for quick reads and late commands, at least (the rest are in the store). */
const RECENT_LIMIT = 1_000;
const DAY_MS = 86_400_000;

export interface AccountStateImage {
  readonly seq: number;
  readonly live: readonly Order[];
  readonly recent: readonly Order[];
  readonly positions: readonly Position[];
  readonly equity?: EquityData;
  readonly dayStart?: { readonly day: number; readonly equity: number };
}

/** What adapters may read of the account (the committed state): instead of asking the venue again. */
export interface AccountView {
  order(orderId: string): Order | undefined;
  liveOrders(): Order[];
  position(positionId: string): Position | undefined;
  positions(): Position[];
  equity(): EquityData | undefined;
}

export class AccountState implements AccountView {
  /** The seq of the last applied (committed, published) record. */
  seq = 0;
  readonly #live = new Map<string, Order>();
  readonly #recent = new Map<string, Order>();
  readonly #positions = new Map<string, Position>();
  #equity: EquityData | undefined;
  #dayStart: { day: number; equity: number } | undefined;

  apply(record: JournalRecord): void {
    if (record.seq > this.seq) this.seq = record.seq;
    switch (record.route) {
      case 'orders': {
        const order = record.data as Order;
        if (isFinalStatus(order.status)) {
          this.#live.delete(order.id);
          this.#recent.delete(order.id);
          this.#recent.set(order.id, order);
          trimOldest(this.#recent, RECENT_LIMIT);
        } else {
          this.#live.set(order.id, order);
        }
        return;
      }
      case 'positions': {
        const position = record.data as Position;
        if (position.qty === 0) this.#positions.delete(position.id);
        else this.#positions.set(position.id, position);
        return;
      }
      case 'equity':
        this.#equity = record.data as EquityData;
        this.markEquity(this.#equity.equity, record.time);
        return;
      default:
        return;
    }
  }

  /** Working orders and open positions: what a snapshot grows with. */
  get size(): number {
    return this.#live.size + this.#positions.size;
  }

  /** A working or recently finished order (older ones are in the store). */
  order(orderId: string): Order | undefined {
    return this.#live.get(orderId) ?? this.#recent.get(orderId);
  }

  /** Orders that can still change (Working, Inactive, Placing). */
  liveOrders(): Order[] {
    return [...this.#live.values()];
  }

  position(positionId: string): Position | undefined {
    return this.#positions.get(positionId);
  }

  positions(): Position[] {
    return [...this.#positions.values()];
  }

  /** The latest equity the broker reported (venues), or the last balance change (paper). */
  equity(): EquityData | undefined {
    return this.#equity;
  }

  /** Remembers the equity the UTC day started with (the first seen that day), for the daily loss limit. */
  markEquity(equity: number, time: number): void {
    const day = Math.floor(time / DAY_MS);
    if (this.#dayStart === undefined || this.#dayStart.day !== day) this.#dayStart = { day, equity };
  }

  /** Change of equity since the UTC day started (0 before anything was seen today). */
  dayPL(equity: number, time: number): number {
    this.markEquity(equity, time);
    return equity - (this.#dayStart?.equity ?? equity);
  }

  image(): AccountStateImage {
    return {
      seq: this.seq,
      live: this.liveOrders(),
      recent: [...this.#recent.values()],
      positions: this.positions(),
      ...(this.#equity === undefined ? {} : { equity: this.#equity }),
      ...(this.#dayStart === undefined ? {} : { dayStart: this.#dayStart }),
    };
  }

  restore(image: AccountStateImage): void {
    this.seq = image.seq;
    this.#live.clear();
    this.#recent.clear();
    this.#positions.clear();
    for (const order of image.live) this.#live.set(order.id, order);
    for (const order of image.recent) this.#recent.set(order.id, order);
    for (const position of image.positions) this.#positions.set(position.id, position);
    this.#equity = image.equity;
    this.#dayStart = image.dayStart === undefined ? undefined : { ...image.dayStart };
  }
}
