/** JSON form of engine events for the journal: bigints become decimal strings, everything else stays as is. */
import type { BalanceRecord, EngineEvent, ExecutionRecord, LeverageRecord, OrderRecord, PositionRecord } from './records.ts';

const BIGINT_FIELDS: Record<EngineEvent['type'], readonly string[]> = {
  order: ['qty', 'limitPrice', 'stopPrice', 'filledQty', 'filledNotional', 'takeProfit', 'stopLoss', 'commission', 'reservePrice'],
  execution: ['price', 'qty', 'commission'],
  position: ['qty', 'avgPrice'],
  balance: ['balance', 'realizedPL', 'commissionPaid'],
  leverage: [],
};

const REQUIRED_FIELDS: Record<EngineEvent['type'], readonly string[]> = {
  order: ['id', 'seq', 'symbol', 'type', 'side', 'qty', 'status', 'filledQty', 'filledNotional', 'duration', 'commission', 'createTime', 'updateTime', 'triggered', 'activeAt'],
  execution: ['id', 'seq', 'orderId', 'symbol', 'side', 'price', 'qty', 'commission', 'time'],
  position: ['symbol', 'qty', 'side', 'avgPrice', 'updateTime'],
  balance: ['balance', 'realizedPL', 'commissionPaid', 'time'],
  leverage: ['symbol', 'leverage', 'time'],
};

function recordOf(event: EngineEvent): object {
  switch (event.type) {
    case 'order':
      return event.order;
    case 'execution':
      return event.execution;
    case 'position':
      return event.position;
    case 'balance':
      return event.balance;
    case 'leverage':
      return event.leverage;
  }
}

/**
 * Each kind of record's fields in the order of its compact form: the fields every record has first, the optional
 * ones after, the rarest last (trailing absent fields are left out).
 */
const FIELDS = {
  order: [
    'id', 'seq', 'symbol', 'type', 'side', 'qty', 'status', 'filledQty', 'filledNotional', 'duration', 'commission', 'createTime', 'updateTime', 'triggered', 'activeAt',
    'limitPrice', 'stopPrice', 'reservePrice', 'clientOrderId', 'requestKey', 'takeProfit', 'stopLoss', 'trailingStopPips', 'parentId', 'parentType', 'bracketRole',
    'expireAt', 'extendedHours', 'rejectReason', 'rejectCode', 'reduceOnly', 'reverse', 'liquidation',
  ],
  execution: ['id', 'seq', 'orderId', 'symbol', 'side', 'price', 'qty', 'commission', 'time'],
  position: ['symbol', 'qty', 'side', 'avgPrice', 'updateTime'],
  balance: ['balance', 'realizedPL', 'commissionPaid', 'time'],
  leverage: ['symbol', 'leverage', 'time'],
} as const satisfies { readonly [T in EngineEvent['type']]: readonly (keyof RecordOf<T>)[] };

type RecordOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }> extends { readonly [K in T]: infer R } ? R : never;
type Unlisted<T extends EngineEvent['type']> = Exclude<keyof RecordOf<T>, (typeof FIELDS)[T][number]>;
/** Fails to compile when a record gains a field its compact form does not list. */
export const COMPACT_FIELDS_COMPLETE: { readonly [T in EngineEvent['type']]: [Unlisted<T>] extends [never] ? true : Unlisted<T> } = {
  order: true,
  execution: true,
  position: true,
  balance: true,
  leverage: true,
};

const TAGS = { order: 'o', execution: 'x', position: 'p', balance: 'b', leverage: 'l' } as const satisfies Record<EngineEvent['type'], string>;
const TYPE_OF_TAG = new Map<unknown, EngineEvent['type']>(Object.entries(TAGS).map(([type, tag]) => [tag, type as EngineEvent['type']]));

/**
 * The journal's form of an event: `[tag, ...fields]` in the order `FIELDS` lists them, bigints as decimal strings,
 * absent fields as null (trailing ones left out). An order takes about 40% of the bytes of its record as an object.
 */
export function encodeEngineEvent(event: EngineEvent): unknown {
  const record = recordOf(event) as unknown as Record<string, unknown>;
  const fields = FIELDS[event.type];
  const out: unknown[] = [TAGS[event.type]];
  let length = 1;
  for (const field of fields) {
    const value = record[field];
    if (value === undefined) out.push(null);
    else {
      out.push(typeof value === 'bigint' ? value.toString() : value);
      length = out.length;
    }
  }
  out.length = length;
  return out;
}

/** A record with its bigint fields as decimal strings and undefined fields dropped. */
export function encodeRecord(value: object): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const key in source) {
    const field = source[key];
    if (field !== undefined) record[key] = typeof field === 'bigint' ? field.toString() : field;
  }
  return record;
}

/** Inverse of `encodeRecord` for one kind of record; throws a RangeError naming the problem. */
export function decodeRecord<T extends EngineEvent['type']>(type: T, json: unknown): Extract<EngineEvent, { type: T }> extends { [K in T]: infer R } ? R : never {
  const event = decodeEngineEvent({ type, [type]: json });
  return (event as unknown as Record<string, unknown>)[type] as never;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Inverse of `encodeEngineEvent`; also reads the object form `{type, <type>: {...}}` journals were written in before
 * the compact one. Throws a RangeError naming the problem on malformed input.
 */
export function decodeEngineEvent(json: unknown): EngineEvent {
  if (Array.isArray(json)) return decodeCompact(json);
  if (!isRecord(json) || typeof json.type !== 'string' || !(json.type in BIGINT_FIELDS)) {
    throw new RangeError('not an engine event');
  }
  const type = json.type as EngineEvent['type'];
  const raw = json[type];
  if (!isRecord(raw)) throw new RangeError(`engine event ${type} has no record`);
  return typed(type, { ...raw });
}

function decodeCompact(json: readonly unknown[]): EngineEvent {
  const type = TYPE_OF_TAG.get(json[0]);
  if (type === undefined) throw new RangeError('not an engine event');
  const fields: readonly string[] = FIELDS[type];
  if (json.length > fields.length + 1) throw new RangeError(`engine event ${type} has ${json.length - 1} fields, at most ${fields.length}`);
  const record: Record<string, unknown> = {};
  for (let at = 1; at < json.length; at++) {
    const value = json[at];
    if (value !== null && value !== undefined) record[fields[at - 1] as string] = value;
  }
  return typed(type, record);
}

/** Checks a decoded record's required fields, turns its bigint fields back into bigints, and types it. */
function typed(type: EngineEvent['type'], record: Record<string, unknown>): EngineEvent {
  for (const field of REQUIRED_FIELDS[type]) {
    if (record[field] === undefined) throw new RangeError(`engine event ${type} lacks ${field}`);
  }
  for (const field of BIGINT_FIELDS[type]) {
    const value = record[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw new RangeError(`engine event ${type}.${field} is not an integer string`);
    record[field] = BigInt(value);
  }
  switch (type) {
    case 'order':
      return { type, order: record as unknown as OrderRecord };
    case 'execution':
      return { type, execution: record as unknown as ExecutionRecord };
    case 'position':
      return { type, position: record as unknown as PositionRecord };
    case 'balance':
      return { type, balance: record as unknown as BalanceRecord };
    case 'leverage':
      return { type, leverage: record as unknown as LeverageRecord };
  }
}
