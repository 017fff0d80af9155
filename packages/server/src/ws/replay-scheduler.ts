/**
 * Runs `sinceSeq` replays a chunk at a time, one replay after another in turn, within a time slice per event-loop
 * turn: however many clients resume at once, the server keeps answering (health checks, commands, live updates)
 * between chunks, and a replay whose socket has not drained waits instead of filling memory.
 */

export interface ReplayJob {
  /** Sends the next chunk; resolves true when the replay is finished (or abandoned). */
  step(): Promise<boolean>;
  /** False while the client's socket still holds too much unsent data. */
  ready(): boolean;
}

export interface ReplaySchedulerOptions {
  /** Time spent on replay chunks before the event loop gets a turn. */
  readonly sliceMs?: number;
  /** Wait before looking again when every pending replay waits for its socket to drain. */
  readonly drainWaitMs?: number;
  readonly now?: () => number;
}

export class ReplayScheduler {
  readonly #queue: ReplayJob[] = [];
  readonly #sliceMs: number;
  readonly #drainWaitMs: number;
  readonly #now: () => number;
  #running = false;
  #closed = false;

  constructor(options: ReplaySchedulerOptions = {}) {
    this.#sliceMs = options.sliceMs ?? 4;
    this.#drainWaitMs = options.drainWaitMs ?? 10;
    this.#now = options.now ?? (() => performance.now());
  }

  get pending(): number {
    return this.#queue.length;
  }

  add(job: ReplayJob): void {
    if (this.#closed) return;
    this.#queue.push(job);
    if (!this.#running) {
      this.#running = true;
      setImmediate(() => void this.#run());
    }
  }

  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
  }

  async #run(): Promise<void> {
    let sliceStart = this.#now();
    let waiting = 0;
    while (this.#queue.length > 0 && !this.#closed) {
      const job = this.#queue.shift() as ReplayJob;
      if (!job.ready()) {
        this.#queue.push(job);
        // A whole round of replays waiting on their sockets: give the sockets time to drain.
        if (++waiting >= this.#queue.length) {
          waiting = 0;
          await new Promise<void>((resolve) => setTimeout(resolve, this.#drainWaitMs));
          sliceStart = this.#now();
        }
        continue;
      }
      waiting = 0;
      let done: boolean;
      try {
        done = await job.step();
      } catch {
        done = true;
      }
      if (!done) this.#queue.push(job);
      if (this.#now() - sliceStart >= this.#sliceMs) {
        // Two turns: the first sends the slice's frames (the delivery queue flushes then), the second starts the next
        // slice after the event loop has polled for I/O again, so no turn does both.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = this.#now();
      }
    }
    this.#running = false;
  }
}
