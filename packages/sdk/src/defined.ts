/** Drops the keys whose value is undefined (the server rejects them, and they clutter equality checks). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
