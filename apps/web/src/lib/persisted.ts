/** Small JSON values kept per browser in localStorage; a missing, old or broken entry falls back to the defaults. */

export function loadStored<T extends object>(key: string, defaults: T): T {
  try {
    const text = globalThis.localStorage?.getItem(key);
    if (text === null || text === undefined) return defaults;
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return defaults;
    // Keep only known keys whose type matches the default, so an old entry never breaks the terminal.
    const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [name, fallback] of Object.entries(defaults)) {
      const value = (parsed as Record<string, unknown>)[name];
      if (value !== undefined && typeof value === typeof fallback && Array.isArray(value) === Array.isArray(fallback)) merged[name] = value;
    }
    return merged as T;
  } catch {
    return defaults;
  }
}

export function saveStored(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full storage: the setting lasts for this page only.
  }
}
