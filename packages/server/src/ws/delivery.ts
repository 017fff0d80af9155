/**
 * Ordered, deferred delivery to sockets. Frames are queued in the order events happen and flushed on the
 * next turn of the event loop, so a REST answer never waits for WebSocket sends, and a slow socket is
 * dropped once its buffer passes the limit instead of slowing everyone else. A frame of a topic carries it, so a
 * recipient still replaying that topic's history can hold it back until the replay is through.
 */
export interface Recipient {
  /** Sends a text frame (of `topic`, for live updates); returns false when the recipient was dropped. */
  deliver(frame: string, topic?: string): boolean;
}

export class DeliveryQueue {
  #frames: string[] = [];
  #targets: (Recipient | readonly Recipient[])[] = [];
  #topics: (string | undefined)[] = [];
  #scheduled = false;

  enqueue(target: Recipient | readonly Recipient[], frame: string, topic?: string): void {
    this.#frames.push(frame);
    this.#targets.push(target);
    this.#topics.push(topic);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.flush);
    }
  }

  readonly flush = (): void => {
    this.#scheduled = false;
    const frames = this.#frames;
    const targets = this.#targets;
    const topics = this.#topics;
    this.#frames = [];
    this.#targets = [];
    this.#topics = [];
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i] as string;
      const target = targets[i] as Recipient | readonly Recipient[];
      const topic = topics[i];
      if (Array.isArray(target)) for (const recipient of target as readonly Recipient[]) recipient.deliver(frame, topic);
      else (target as Recipient).deliver(frame, topic);
    }
  };
}
