/**
 * Keeps an insertion-ordered map near a size: once it holds more than `limit` plus a quarter (at least 16), its
 * oldest entries are dropped down to `limit` in one pass. Dropping the single oldest entry on every insert instead
 * costs a walk over the holes earlier deletions left at the front of the map's table, each time (O(size) per
 * insert at 10,000 entries); trimmed in batches it is O(1) per insert, and the map always keeps the newest `limit`.
 */
export function trimOldest<K, V>(map: Map<K, V>, limit: number): void {
  if (map.size <= limit + Math.max(16, Math.ceil(limit / 4))) return;
  let excess = map.size - limit;
  for (const key of map.keys()) {
    if (excess-- <= 0) break;
    map.delete(key);
  }
}
