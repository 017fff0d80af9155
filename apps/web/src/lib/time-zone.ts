/** Times shown in the zone the trader chose: UTC, the browser's zone, or the symbol's exchange zone (chart only). */

export type ZoneChoice = 'UTC' | 'local' | 'exchange';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone ?? 'local'}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-GB', { ...options, hourCycle: 'h23', ...(zone === undefined ? {} : { timeZone: zone }) });
    formats.set(key, found);
  }
  return found;
}

/** The IANA zone for a choice (undefined = the browser's own). Tables have no single exchange, so they use the browser's zone then. */
export function zoneFor(choice: ZoneChoice, exchangeZone?: string): string | undefined {
  if (choice === 'UTC') return 'UTC';
  if (choice === 'exchange') return exchangeZone;
  return undefined;
}

/** Short name of a zone for labels: "UTC", "EST", "GMT+1". */
export function zoneName(zone: string | undefined, at = Date.now()): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const parts = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short', ...(zone === undefined ? {} : { timeZone: zone }) }).formatToParts(at);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone ?? 'local';
}

function pieces(ms: number, zone: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of format(zone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(ms)) out[part.type] = part.value;
  return out;
}

/** 2026-05-04 14:03:27 in `zone`. */
export function formatDateTimeIn(ms: number | undefined, zone: string | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const p = pieces(ms, zone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** 14:03:27 in `zone`. */
export function formatTimeIn(ms: number | undefined, zone: string | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const p = pieces(ms, zone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** Chart axis labels: the date at day boundaries, hours and minutes inside a day, in `zone`. */
export function axisLabel(ms: number, zone: string | undefined, kind: 'year' | 'month' | 'day' | 'time'): string {
  const p = pieces(ms, zone);
  if (kind === 'year') return p.year ?? '';
  if (kind === 'month') return `${p.year}-${p.month}`;
  if (kind === 'day') return `${p.month}-${p.day}`;
  return `${p.hour}:${p.minute}`;
}
