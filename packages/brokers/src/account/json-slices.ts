/**
 * The JSON text of a large value, built a slice at a time with the event loop running between slices. A snapshot of
 * an account with 100,000 working orders is tens of megabytes of JSON, which one `JSON.stringify` builds in a single
 * pause of a few hundred milliseconds: every account, socket and feed of the process waits for it.
 *
 * The value must not change while it is serialized: a snapshot hands over arrays it copied, of records that are
 * replaced when they change, never changed in place.
 */
import { JsonList } from '@trading-pro/engine';

export interface SliceOptions {
  /** Items of an array serialized between two pauses (default 1,000). */
  readonly sliceItems?: number;
  /** What runs between slices (default: the next turn of the event loop, after I/O). */
  readonly pause?: () => Promise<void>;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * `JSON.stringify(value)`, except that arrays and `JsonList`s longer than a slice are serialized a slice at a time,
 * with a pause between slices. Plain objects are walked (so large arrays inside them are sliced too); anything else
 * is left to `JSON.stringify`, which gives the same text.
 */
export async function stringifyInSlices(value: unknown, options: SliceOptions = {}): Promise<string> {
  const sliceItems = Math.max(1, options.sliceItems ?? 1_000);
  const pause = options.pause ?? nextTurn;
  const parts: string[] = [];

  /** A list longer than a slice, a slice at a time (an array's slice is its items, a JsonList's their encoding). */
  const list = async (items: JsonList<unknown> | readonly unknown[]): Promise<void> => {
    parts.push('[');
    for (let start = 0; start < items.length; start += sliceItems) {
      if (start > 0) {
        await pause();
        parts.push(',');
      }
      const text = JSON.stringify(items.slice(start, Math.min(items.length, start + sliceItems)));
      parts.push(text.slice(1, -1));
    }
    parts.push(']');
  };

  const write = async (item: unknown): Promise<boolean> => {
    if (item instanceof JsonList || Array.isArray(item)) {
      if (item.length <= sliceItems) parts.push(JSON.stringify(item));
      else await list(item);
      return true;
    }
    if (isPlainObject(item)) {
      parts.push('{');
      let first = true;
      for (const key of Object.keys(item)) {
        const field = item[key];
        if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
        parts.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        await write(field);
      }
      parts.push('}');
      return true;
    }
    const text = JSON.stringify(item) as string | undefined;
    if (text === undefined) return false;
    parts.push(text);
    return true;
  };

  // At the top, as JSON.stringify: a value with no JSON form (undefined, a function) has no text.
  if (!(await write(value))) throw new TypeError('the value has no JSON form');
  return parts.join('');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
