/** The offline stream: the in-process simulation publishes here, listeners get updates as if from the server. */
import type { ConnectionState, Listener, Subscription } from '../interfaces.ts';
import { topicOf, type RouteParams, type StreamRoute, type StreamRouteData } from '../ws/routes.ts';
import { StreamBase, subscription } from '../ws/stream-base.ts';

interface FallbackTopic {
  readonly route: StreamRoute;
  readonly listeners: Set<Listener<never>>;
}

export type SnapshotProvider = (route: StreamRoute, params: RouteParams) => unknown;

export class FallbackStream extends StreamBase {
  readonly #topics = new Map<string, FallbackTopic>();
  readonly #snapshot: SnapshotProvider;
  #queue: (() => void)[] = [];
  #scheduled = false;
  #closed = false;

  /** `snapshot` gives what a new subscriber of a market route gets first (the current quote, the forming bar). */
  constructor(snapshot: SnapshotProvider) {
    super();
    this.#snapshot = snapshot;
  }

  get state(): ConnectionState {
    return this.#closed ? 'disconnected' : 'connected';
  }

  topics(): string[] {
    return [...this.#topics.keys()];
  }

  staleTopics(): string[] {
    return [];
  }

  /** True when someone listens to this route with these params. */
  has(route: StreamRoute, params: RouteParams): boolean {
    return this.#topics.has(topicOf(route, params));
  }

  listen<R extends StreamRoute>(route: R, params: RouteParams, listener: Listener<StreamRouteData[R]>): Subscription {
    if (this.#closed) throw new Error('this stream is closed');
    const topic = topicOf(route, params);
    let entry = this.#topics.get(topic);
    const created = entry === undefined;
    if (!entry) {
      entry = { route, listeners: new Set() };
      this.#topics.set(topic, entry);
    }
    const registered = listener as Listener<never>;
    entry.listeners.add(registered);
    if (created && (route === 'quotes' || route === 'bars')) {
      const data = this.#snapshot(route, params);
      if (data !== undefined) this.#enqueue(topic, data, registered);
    }
    let removed = false;
    const unsubscribe = (): void => {
      if (removed) return;
      removed = true;
      const current = this.#topics.get(topic);
      if (current && current.listeners.delete(registered) && current.listeners.size === 0) this.#topics.delete(topic);
    };
    // In-process, a listener is registered as soon as it is added: nothing to wait for.
    return subscription(unsubscribe, Promise.resolve());
  }

  /** Delivers `data` to the topic's listeners on a later turn, in publication order. */
  publish<R extends StreamRoute>(route: R, params: RouteParams, data: StreamRouteData[R]): void {
    const topic = topicOf(route, params);
    if (this.#topics.has(topic)) this.#enqueue(topic, data);
  }

  close(): void {
    this.#closed = true;
    this.#topics.clear();
    this.#queue = [];
    this.stateChanges.emit('disconnected');
  }

  #enqueue(topic: string, data: unknown, only?: Listener<never>): void {
    this.#queue.push(() => {
      const entry = this.#topics.get(topic);
      if (!entry) return;
      for (const listener of only ? [only] : [...entry.listeners]) {
        if (!entry.listeners.has(listener)) continue;
        try {
          (listener as Listener<unknown>)(data);
        } catch (error) {
          this.listenerFailed(topic, error);
        }
      }
    });
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => this.#flush(), 0);
  }

  #flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    for (const deliver of queue) deliver();
  }
}
