/**
 * A list whose items are encoded only when it is serialized: whole by `JSON.stringify` (through `toJSON`), or a
 * slice at a time by a serializer that lets other work run between slices (the account core's snapshots). A snapshot
 * hands over a copy of its list, of records that are replaced when they change, never changed in place.
 */
export class JsonList<T> {
  readonly items: readonly T[];
  readonly #encode: ((item: T) => unknown) | undefined;

  constructor(items: readonly T[], encode?: (item: T) => unknown) {
    this.items = items;
    this.#encode = encode;
  }

  get length(): number {
    return this.items.length;
  }

  /** The encoded items from `start` to `end` (exclusive). */
  slice(start: number, end: number): unknown[] {
    const items = this.items.slice(start, end);
    const encode = this.#encode;
    return encode === undefined ? items : items.map((item) => encode(item));
  }

  toJSON(): unknown[] {
    return this.slice(0, this.items.length);
  }
}
