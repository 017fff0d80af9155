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

/** JSON-safe form: `{type, <type>: {...}}` with bigint fields as strings. */
export function encodeEngineEvent(event: EngineEvent): unknown {
  return { type: event.type, [event.type]: encodeRecord(recordOf(event)) };
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

/** Inverse of `encodeEngineEvent`; throws a RangeError naming the problem on malformed input. */
export function decodeEngineEvent(json: unknown): EngineEvent {
  if (!isRecord(json) || typeof json.type !== 'string' || !(json.type in BIGINT_FIELDS)) {
    throw new RangeError('not an engine event');
  }
  const type = json.type as EngineEvent['type'];
  const raw = json[type];
  if (!isRecord(raw)) throw new RangeError(`engine event ${type} has no record`);
  const record: Record<string, unknown> = { ...raw };
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
