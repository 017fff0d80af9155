/**
 * One account: its broker, its journal and its commands. Commands run one at a time per account; the
 * events a command produced are journaled before the command resolves (so before the client is answered),
 * then published on the bus. Events that happen later (fills on ticks, venue streams) take the same path.
 */
import type { Broker, BrokerEvent, CommandResult } from '@trading-pro/brokers';
import type { AccountConfig } from '../config/schema.ts';
import type { Bus } from '../bus/bus.ts';
import { accountSubject } from '../bus/bus.ts';
import type { Journal, JournalRecord } from '../journal/journal.ts';

/** Where connection failures are reported (the app's logger). */
export interface ServiceLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

export class AccountService {
  readonly config: AccountConfig;
  readonly #journal: Journal;
  readonly #bus: Bus;
  readonly #now: () => number;
  #broker: Broker | undefined;
  readonly #log: ServiceLog | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(config: AccountConfig, journal: Journal, bus: Bus, now: () => number = Date.now, log?: ServiceLog) {
    this.config = config;
    this.#journal = journal;
    this.#bus = bus;
    this.#now = now;
    this.#log = log;
  }

  get id(): string {
    return this.config.id;
  }

  get broker(): Broker {
    if (!this.#broker) throw new Error(`account ${this.id} has no broker attached`);
    return this.#broker;
  }

  /**
   * Attaches the broker, rebuilds its state from the journal and connects it. A venue that cannot be reached
   * does not stop the server: its status says why, commands get 503, and connecting is retried with backoff.
   */
  async start(broker: Broker): Promise<void> {
    this.#broker = broker;
    broker.restore(this.#journal.read(this.id, 0).map(toBrokerEvent));
    await this.#connect(broker, RETRY_MIN_MS);
  }

  async #connect(broker: Broker, delayMs: number): Promise<void> {
    try {
      await broker.connect();
    } catch (error) {
      if (this.#stopped) return;
      this.#log?.warn({ account: this.id, broker: broker.kind, err: error }, `cannot connect the ${broker.kind} broker of ${this.id}; retrying in ${delayMs / 1000} s`);
      this.#retry = setTimeout(() => void this.#connect(broker, Math.min(delayMs * 2, RETRY_MAX_MS)), delayMs);
      this.#retry.unref();
    }
  }

  /** Attaches a broker without starting it (spec emission, tools). */
  attach(broker: Broker): void {
    this.#broker = broker;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    await this.#broker?.disconnect();
  }

  /**
   * Journals events, then publishes them once the journal's commit is durable, in journal order.
   * Resolves when the records are durable.
   */
  record(events: readonly BrokerEvent[]): Promise<JournalRecord[]> {
    const records = this.#journal.append(this.id, events, this.#now());
    if (records.length === 0) return Promise.resolve(records);
    return this.#journal.durable().then(() => {
      const subject = accountSubject(this.id);
      for (const record of records) this.#bus.publish(subject, record);
      return records;
    });
  }

  /** The sink adapters report asynchronous events to (fills on ticks, venue streams, reconciliation). */
  readonly sink = (events: readonly BrokerEvent[]): void => {
    this.record(events).catch((error: unknown) => this.#log?.error({ account: this.id, err: error }, 'journal write failed'));
  };

  /**
   * Runs a command after the previous one of this account was applied and appended; resolves once its events
   * are durable. Commands of the same turn share one commit (the queue does not wait for durability).
   */
  command<T extends CommandResult>(run: (broker: Broker) => Promise<T>): Promise<T> {
    const applied = this.#queue.then(async () => {
      const result = await run(this.broker);
      return { result, durable: this.record(result.events) };
    });
    this.#queue = applied.catch(() => undefined);
    return applied.then(async ({ result, durable }) => {
      await durable;
      return result;
    });
  }

  /** Runs a read; reads wait for commands queued before them so a client reads its own writes. */
  query<T>(run: (broker: Broker) => Promise<T>): Promise<{ value: T; seq: number }> {
    const next = this.#queue.then(async () => ({ value: await run(this.broker), seq: this.#journal.lastSeq(this.id) }));
    this.#queue = next.catch(() => undefined);
    // Answer only with state whose events are durable.
    return next.then(async (answer) => {
      await this.#journal.durable();
      return answer;
    });
  }

  lastSeq(): number {
    return this.#journal.lastSeq(this.id);
  }

  history(afterSeq: number, routes?: readonly BrokerEvent['route'][]): JournalRecord[] {
    return this.#journal.read(this.id, afterSeq, routes ? { routes } : {});
  }
}

function toBrokerEvent(record: JournalRecord): BrokerEvent {
  return (record.state === undefined ? { route: record.route, data: record.data } : { route: record.route, data: record.data, state: record.state }) as BrokerEvent;
}
