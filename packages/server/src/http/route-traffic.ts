/**
 * HTTP requests counted by route and status, and their durations in a histogram by route, kept in plain arrays
 * and exposed through a prom-client registry with the same series a prom-client Counter and Histogram give. A
 * prom-client labelled metric checks and hashes its labels on every observation, which cost more than the rest
 * of the metrics hook; here a request costs two map lookups and a bucket search.
 */
import type { Registry } from 'prom-client';

interface Series {
  readonly labels: { readonly method: string; readonly route: string };
  /** Observations per bucket: `counts[i]` holds those ≤ bounds[i] and above the bound before; the last, the rest. */
  readonly counts: number[];
  sum: number;
  count: number;
  readonly statuses: Map<number, number>;
}

interface Value {
  readonly value: number;
  readonly labels: Record<string, string | number>;
  readonly metricName?: string;
  readonly sharedLabels?: Record<string, string>;
}

export interface RouteTrafficOptions {
  readonly requests: { readonly name: string; readonly help: string };
  readonly duration: { readonly name: string; readonly help: string; readonly buckets: readonly number[] };
}

export class RouteTraffic {
  readonly #bounds: readonly number[];
  readonly #byMethod = new Map<string, Map<string, Series>>();

  constructor(registry: Registry, options: RouteTrafficOptions) {
    this.#bounds = [...options.duration.buckets].sort((a, b) => a - b);
    const metric = (name: string, help: string, type: 'counter' | 'histogram', values: () => Value[]) => ({
      name,
      help,
      type,
      aggregator: 'sum' as const,
      get: async () => ({ name, help, type, aggregator: 'sum' as const, values: values() }),
      reset: () => this.#byMethod.clear(),
    });
    const { requests, duration } = options;
    registry.registerMetric(metric(requests.name, requests.help, 'counter', () => this.#requestValues()) as never);
    registry.registerMetric(metric(duration.name, duration.help, 'histogram', () => this.#durationValues(duration.name)) as never);
  }

  record(method: string, route: string, status: number, seconds: number): void {
    let routes = this.#byMethod.get(method);
    if (routes === undefined) this.#byMethod.set(method, (routes = new Map()));
    let series = routes.get(route);
    if (series === undefined) {
      series = { labels: { method, route }, counts: new Array<number>(this.#bounds.length + 1).fill(0), sum: 0, count: 0, statuses: new Map() };
      routes.set(route, series);
    }
    let bucket = 0;
    while (bucket < this.#bounds.length && seconds > (this.#bounds[bucket] as number)) bucket++;
    series.counts[bucket] = (series.counts[bucket] as number) + 1;
    series.sum += seconds;
    series.count += 1;
    series.statuses.set(status, (series.statuses.get(status) ?? 0) + 1);
  }

  *#series(): Generator<Series> {
    for (const routes of this.#byMethod.values()) yield* routes.values();
  }

  #requestValues(): Value[] {
    const values: Value[] = [];
    for (const series of this.#series()) {
      for (const [status, count] of series.statuses) values.push({ value: count, labels: { ...series.labels, status: String(status) } });
    }
    return values;
  }

  #durationValues(name: string): Value[] {
    const values: Value[] = [];
    for (const series of this.#series()) {
      let cumulative = 0;
      for (const [i, bound] of this.#bounds.entries()) {
        cumulative += series.counts[i] as number;
        values.push({ value: cumulative, labels: { le: bound }, metricName: `${name}_bucket`, sharedLabels: series.labels });
      }
      values.push({ value: series.count, labels: { le: '+Inf' }, metricName: `${name}_bucket`, sharedLabels: series.labels });
      values.push({ value: series.sum, labels: {}, metricName: `${name}_sum`, sharedLabels: series.labels });
      values.push({ value: series.count, labels: {}, metricName: `${name}_count`, sharedLabels: series.labels });
    }
    return values;
  }
}
