/**
 * The bus on NATS, for several processes: a message published here reaches this process's handlers at once, in
 * publish order (as on the in-process bus), and every other process subscribed to the subject over NATS, in the
 * order this process published. The connection does not echo its own messages, so no handler sees one twice.
 * Subjects map one to one, under a prefix that keeps deployments (and tests) sharing one NATS server apart.
 * Core NATS is enough: the journal, not the bus, is what a client resumes from.
 */
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { type Bus, type BusHandler, type BusResponder, InProcessBus, NoAnswerError } from './bus.ts';

export interface NatsBusOptions {
  /** One URL or several (`nats://host:4222`). */
  readonly servers: string | readonly string[];
  /** Put before every subject (`tp` gives `tp.account.X.events`). */
  readonly prefix?: string;
  /** Shown in the NATS server's connection list. */
  readonly name?: string;
}

export class NatsBus implements Bus {
  readonly #connection: NatsConnection;
  readonly #prefix: string;
  readonly #local = new InProcessBus();
  /** The NATS subscription of each subject with local handlers, and how many there are. */
  readonly #remote = new Map<string, { subscription: Subscription; handlers: number }>();
  /** The NATS subscription answering requests of each served subject. */
  readonly #serving = new Map<string, Subscription>();

  private constructor(connection: NatsConnection, prefix: string) {
    this.#connection = connection;
    this.#prefix = prefix === '' ? '' : `${prefix}.`;
  }

  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const servers = typeof options.servers === 'string' ? options.servers.split(',').map((s) => s.trim()).filter(Boolean) : [...options.servers];
    const connection = await connect({ servers, noEcho: true, name: options.name ?? 'trading-pro', maxReconnectAttempts: -1 });
    return new NatsBus(connection, options.prefix ?? 'tp');
  }

  publish(subject: string, message: unknown): void {
    this.#local.publish(subject, message);
    this.#connection.publish(this.#prefix + subject, JSON.stringify(message));
  }

  subscribe<T = unknown>(subject: string, handler: BusHandler<T>): () => void {
    const unsubscribe = this.#local.subscribe(subject, handler);
    let remote = this.#remote.get(subject);
    if (remote === undefined) {
      const subscription = this.#connection.subscribe(this.#prefix + subject, {
        callback: (error, message) => {
          if (error !== null) return;
          // Delivered to this process's handlers only: it came from another process.
          this.#local.publish(subject, message.json());
        },
      });
      remote = { subscription, handlers: 0 };
      this.#remote.set(subject, remote);
    }
    remote.handlers += 1;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      unsubscribe();
      const entry = this.#remote.get(subject);
      if (entry === undefined) return;
      entry.handlers -= 1;
      if (entry.handlers === 0) {
        entry.subscription.unsubscribe();
        this.#remote.delete(subject);
      }
    };
  }

  serve(subject: string, responder: BusResponder): () => void {
    const stopLocal = this.#local.serve(subject, responder);
    this.#serving.get(subject)?.unsubscribe();
    const subscription = this.#connection.subscribe(this.#prefix + subject, {
      callback: (error, message) => {
        if (error !== null) return;
        let request: unknown;
        try {
          request = message.json();
        } catch {
          return;
        }
        responder(request).then(
          (reply) => message.respond(JSON.stringify(reply ?? null)),
          () => undefined,
        );
      },
    });
    this.#serving.set(subject, subscription);
    return () => {
      stopLocal();
      if (this.#serving.get(subject) !== subscription) return;
      subscription.unsubscribe();
      this.#serving.delete(subject);
    };
  }

  /** A subject this process serves is answered here (the connection never hears its own requests); others over NATS. */
  async request(subject: string, message: unknown, timeoutMs: number): Promise<unknown> {
    if (this.#local.responder(subject) !== undefined) return this.#local.request(subject, message, timeoutMs);
    try {
      const reply = await this.#connection.request(this.#prefix + subject, JSON.stringify(message), { timeout: timeoutMs });
      return reply.json();
    } catch (error) {
      const noResponders = error instanceof Error && /no responders/i.test(`${error.name} ${error.message}`);
      throw new NoAnswerError(subject, noResponders ? 'no responder' : 'timeout', error);
    }
  }

  /** Resolves once the NATS server has seen every subscription and message sent so far. */
  flush(): Promise<void> {
    return this.#connection.flush();
  }

  async close(): Promise<void> {
    this.#remote.clear();
    for (const subscription of this.#serving.values()) subscription.unsubscribe();
    this.#serving.clear();
    await this.#local.close();
    if (!this.#connection.isClosed()) await this.#connection.drain();
  }
}
