/**
 * Paged lists (CONTRACT.md §Conventions): newest first, `limit` per page and an opaque `before` cursor; the next
 * page's cursor comes back with each page and is absent on the last one.
 */

export interface Page<T> {
  readonly items: T[];
  /** Cursor of the next (older) page; undefined on the last one. */
  readonly next?: string;
}

export interface PageQuery {
  /** Items per page: 1 to 1,000 (the server's default is 500). */
  readonly limit?: number;
  /** The `next` cursor of the page before. */
  readonly before?: string;
}

export const MAX_PAGE = 1_000;

/** Follows the cursor from the newest page until `max` items or the last page. */
export async function collectPages<T>(page: (before: string | undefined, limit: number) => Promise<Page<T>>, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  let before: string | undefined;
  do {
    const next = await page(before, Math.min(MAX_PAGE, max - items.length));
    items.push(...next.items);
    before = next.next;
  } while (before !== undefined && items.length < max);
  return items;
}

/** Pages an in-memory list that is already newest first (the offline fallback): the cursor is an offset. */
export function pageOfList<T>(list: readonly T[], query: PageQuery = {}): Page<T> {
  const start = query.before === undefined ? 0 : Math.max(0, Number.parseInt(query.before, 10) || 0);
  const limit = Math.min(MAX_PAGE, Math.max(1, query.limit ?? 500));
  const items = list.slice(start, start + limit);
  return start + limit < list.length ? { items, next: String(start + limit) } : { items };
}
