/**
 * Ordered, deferred delivery to sockets. Frames are queued in the order events happen and flushed on the
 * next turn of the event loop, so a REST answer never waits for WebSocket sends, and a slow socket is
 * dropped once its buffer passes the limit instead of slowing everyone else.
 */
export interface Recipient {
  /** Sends a text frame; returns false when the recipient was dropped. */
  deliver(frame: string): boolean;
}

export class DeliveryQueue {
  #frames: string[] = [];
  #targets: (Recipient | readonly Recipient[])[] = [];
  #scheduled = false;

  enqueue(target: Recipient | readonly Recipient[], frame: string): void {
    this.#frames.push(frame);
    this.#targets.push(target);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.flush);
    }
  }

  readonly flush = (): void => {
    this.#scheduled = false;
    const frames = this.#frames;
    const targets = this.#targets;
    this.#frames = [];
    this.#targets = [];
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i] as string;
      const target = targets[i] as Recipient | readonly Recipient[];
      if (Array.isArray(target)) for (const recipient of target as readonly Recipient[]) recipient.deliver(frame);
      else (target as Recipient).deliver(frame);
    }
  };
}
