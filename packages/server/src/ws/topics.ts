/**
 * Reference-counted topics: the first subscriber starts the topic's producer, the last one to leave
 * (unsubscribe or disconnect) stops it. A producer's update is serialized once and fanned out to every
 * subscriber of its topic in the order it was emitted.
 */
import type { WsRoute } from '@trading-pro/contracts';
import { type DeliveryQueue, type Recipient } from './delivery.ts';
import { updateFrame } from './protocol.ts';

export type Emit = (data: unknown, seq?: number) => void;

export interface Producer {
  stop(): void;
  /** What a new subscriber gets right after its confirmation (the current quote, the forming bar). */
  snapshot?(): unknown;
}

export type ProducerFactory = (route: WsRoute, params: Readonly<Record<string, unknown>>, emit: Emit) => Producer;

interface Topic {
  readonly route: WsRoute;
  readonly subscribers: Set<Recipient>;
  /** Subscribers as an array, rebuilt only when membership changes (fan-out reuses it). */
  recipients: readonly Recipient[] | undefined;
  producer: Producer | undefined;
}

export class TopicRegistry {
  readonly #topics = new Map<string, Topic>();
  readonly #queue: DeliveryQueue;
  readonly #factory: ProducerFactory;

  constructor(queue: DeliveryQueue, factory: ProducerFactory) {
    this.#queue = queue;
    this.#factory = factory;
  }

  /** Adds a subscriber; starts the producer for the first one. Returns the producer's snapshot, if any. */
  subscribe(topic: string, route: WsRoute, params: Readonly<Record<string, unknown>>, subscriber: Recipient): unknown {
    let entry = this.#topics.get(topic);
    if (!entry) {
      const created: Topic = { route, subscribers: new Set(), recipients: undefined, producer: undefined };
      this.#topics.set(topic, created);
      entry = created;
      try {
        created.producer = this.#factory(route, params, (data, seq) => this.#emit(topic, created, data, seq));
      } catch (error) {
        this.#topics.delete(topic);
        throw error;
      }
    }
    entry.subscribers.add(subscriber);
    entry.recipients = undefined;
    return entry.producer?.snapshot?.();
  }

  /** Removes a subscriber; stops the producer with the last one. True when it was subscribed. */
  unsubscribe(topic: string, subscriber: Recipient): boolean {
    const entry = this.#topics.get(topic);
    if (!entry || !entry.subscribers.delete(subscriber)) return false;
    entry.recipients = undefined;
    if (entry.subscribers.size === 0) {
      this.#topics.delete(topic);
      entry.producer?.stop();
    }
    return true;
  }

  /** Topics with a running producer and their subscriber counts (health, metrics, tests). */
  active(): Map<string, number> {
    return new Map([...this.#topics].map(([topic, entry]) => [topic, entry.subscribers.size]));
  }

  stopAll(): void {
    for (const entry of this.#topics.values()) entry.producer?.stop();
    this.#topics.clear();
  }

  #emit(topic: string, entry: Topic, data: unknown, seq: number | undefined): void {
    if (entry.subscribers.size === 0) return;
    entry.recipients ??= [...entry.subscribers];
    this.#queue.enqueue(entry.recipients, updateFrame(entry.route, topic, data, seq), topic);
  }
}
