/**
 * Topic = route + ":" + JSON of the params with keys sorted recursively and undefined dropped.
 * Server and clients must build byte-identical topics, so both use this function.
 */
export function buildTopic(route: string, params: Readonly<Record<string, unknown>>): string {
  return `${route}:${JSON.stringify(canonicalize(params))}`;
}

function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalize(item)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = canonicalize(item);
    }
    return out;
  }
  return value;
}

/** Splits a topic back into its route and params. */
export function parseTopic(topic: string): { route: string; params: Record<string, unknown> } {
  const colon = topic.indexOf(':');
  if (colon < 0) throw new RangeError(`not a topic: ${topic}`);
  return { route: topic.slice(0, colon), params: JSON.parse(topic.slice(colon + 1)) as Record<string, unknown> };
}
