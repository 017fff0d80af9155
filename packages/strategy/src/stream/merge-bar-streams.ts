/**
 * One time-ordered stream of bars out of several: a k-way merge of streams that are each in time order (one per
 * symbol, typically a file or a generator each). Only each stream's next bar is held, so a year of minute bars of a
 * hundred symbols flows through without being in memory. Bars at the same time come in the order of their streams.
 */
import type { SymbolBar } from '@trading-pro/engine';

/** Merges time-ordered streams of bars into one time-ordered stream; throws when a stream goes back in time. */
export function* mergeBarStreams(streams: readonly Iterable<SymbolBar>[]): Generator<SymbolBar, void, undefined> {
  const iterators = streams.map((stream) => stream[Symbol.iterator]());
  const heads: SymbolBar[] = [];
  // A binary heap of stream numbers, ordered by (head time, stream number).
  const heap: number[] = [];
  const before = (a: number, b: number): boolean => {
    const ta = (heads[a] as SymbolBar).time;
    const tb = (heads[b] as SymbolBar).time;
    return ta < tb || (ta === tb && a < b);
  };
  const siftDown = (from: number): void => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as number, heap[left] as number) ? right : left;
      if (!before(heap[child] as number, heap[at] as number)) return;
      [heap[at], heap[child]] = [heap[child] as number, heap[at] as number];
      at = child;
    }
  };
  for (let i = 0; i < iterators.length; i++) {
    const first = (iterators[i] as Iterator<SymbolBar>).next();
    if (first.done === true) continue;
    heads[i] = first.value;
    heap.push(i);
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  while (heap.length > 0) {
    const top = heap[0] as number;
    const bar = heads[top] as SymbolBar;
    yield bar;
    const next = (iterators[top] as Iterator<SymbolBar>).next();
    if (next.done === true) {
      const last = heap.pop() as number;
      if (heap.length === 0) return;
      heap[0] = last;
    } else {
      if (next.value.time < bar.time) throw new RangeError(`stream ${top} goes back in time: ${new Date(next.value.time).toISOString()} after ${new Date(bar.time).toISOString()}`);
      heads[top] = next.value;
    }
    siftDown(0);
  }
}
